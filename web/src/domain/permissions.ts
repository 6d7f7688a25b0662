// What each staff role may do, as the server's permission table says
// (src/security/authz.c): used to show only the screens and buttons that will work.
import type { Role, User } from '../types';

const PROGRAMME_STAFF: Role[] = ['admin', 'national_officer', 'regional_coordinator'];

function among(roles: Role[]) {
  return (user: User) => user.active && roles.includes(user.role);
}

export const can = {
  readApplications: among(PROGRAMME_STAFF),
  writeApplications: among(PROGRAMME_STAFF),
  readPrograms: among([...PROGRAMME_STAFF, 'analyst']),
  writePrograms: among(['admin', 'national_officer']),
  readReports: among([...PROGRAMME_STAFF, 'analyst']),
  manageUsers: among(['admin']),
  /* The server guards trainings and enterprises with the applications' permissions. */
  readTrainings: among(PROGRAMME_STAFF),
  writeTrainings: among(PROGRAMME_STAFF),
  readEnterprises: among(PROGRAMME_STAFF),
  writeEnterprises: among(PROGRAMME_STAFF),
};

export const roles: Role[] = [
  'admin',
  'national_officer',
  'regional_coordinator',
  'centre_manager',
  'centre_worker',
  'partner_agent',
  'analyst',
];

/* The scope a role's account needs: a region, an organisation, or neither. */
export function scopeOf(role: Role): 'national' | 'region' | 'organisation' {
  if (role === 'regional_coordinator') return 'region';
  if (role === 'centre_manager' || role === 'centre_worker' || role === 'partner_agent')
    return 'organisation';
  return 'national';
}
