// The shapes of the JSON the Sanad API exchanges (see /api/v1/openapi.json).

export type AppState =
  | 'submitted'
  | 'under_review'
  | 'eligible'
  | 'ineligible'
  | 'accepted'
  | 'waitlisted'
  | 'in_training'
  | 'incubated'
  | 'enterprise_created'
  | 'withdrawn';

export type Role =
  | 'admin'
  | 'national_officer'
  | 'regional_coordinator'
  | 'centre_manager'
  | 'centre_worker'
  | 'partner_agent'
  | 'analyst';

export interface Region {
  code: string;
  name_fr: string;
  name_ar: string;
  provinces: string[];
}

export interface Eligibility {
  age_min?: number;
  age_max?: number;
  sexes?: ('F' | 'M')[];
  regions?: string[];
  required_fields?: string[];
}

export interface Target {
  region: string;
  beneficiaries: number;
}

export interface Program {
  code: string;
  name_fr: string;
  name_ar: string;
  starts_on: string | null;
  ends_on: string | null;
  registration_open: boolean;
  eligibility: Eligibility;
  targets?: Target[];
}

/* The registration body (API.md, "Public registration"), every field as typed. */
export interface ApplicantInput {
  cin: string;
  first_name: string;
  last_name: string;
  first_name_ar: string;
  last_name_ar: string;
  birth_date: string;
  sex: string;
  phone: string;
  email: string;
  region: string;
  province: string;
  commune: string;
  education: string;
  situation: string;
  project_idea: string;
  consent: boolean;
}

export type ApplicantField = keyof ApplicantInput;

export interface Applicant {
  cin: string;
  first_name?: string;
  last_name?: string;
  first_name_ar?: string;
  last_name_ar?: string;
  birth_date: string;
  sex: 'F' | 'M';
  phone?: string;
  email?: string;
  region: string;
  province: string;
  commune?: string;
  education?: string;
  situation?: string;
  project_idea?: string;
  consent_at: string;
}

export interface Application {
  id: number;
  reference: string;
  program: string;
  status: AppState;
  flag: string | null;
  duplicate_of: number | null;
  source: string;
  applicant: Applicant;
  created_at: string;
  updated_at: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface Transition {
  from: AppState | null;
  to: AppState;
  actor: string;
  at: string;
  note?: string;
}

export interface Edit {
  actor: string;
  at: string;
  changes: Record<string, { from?: string; to?: string }>;
}

export interface History {
  items: Transition[];
  edits: Edit[];
}

export interface BulkResult {
  to: AppState;
  moved_count: number;
  moved: number[];
  refused: { id: number; status: AppState }[];
}

export interface User {
  id: number;
  username: string;
  full_name?: string;
  role: Role;
  scope: 'national' | 'region' | 'organisation';
  region?: string;
  organisation: number | null;
  active: boolean;
}

export interface Organisation {
  id: number;
  name: string;
  kind: string;
  region?: string;
}

export interface ImportReport {
  rows: number;
  valid: number;
  invalid: number;
  imported: number;
  errors: { row: number; field: string; code: string; message: string; other_row?: number }[];
  errors_truncated?: boolean;
}

/* ---- Trainings (cohorts) and enterprises ---- */

export interface Training {
  id: number;
  program: string;
  title: string;
  venue: string;
  region: string;
  province: string;
  starts_on: string;
  ends_on: string;
  trainers: string[];
  capacity: number;
  enrolled: number;
  created_at: string;
  updated_at: string;
}

export type AttendanceStatus = 'present' | 'absent' | 'excused';

export interface AttendanceTotals {
  present: number;
  absent: number;
  excused: number;
}

/* One beneficiary enrolled in a training; `completed` is null until recorded. */
export interface Enrolment {
  application_id: number;
  reference: string;
  status: AppState;
  first_name?: string;
  last_name?: string;
  first_name_ar?: string;
  last_name_ar?: string;
  region: string;
  enrolled_at: string;
  completed: boolean | null;
  completed_on?: string;
  attendance: AttendanceTotals;
}

export interface AttendanceDay extends AttendanceTotals {
  day: string;
}

export interface AttendanceMark {
  application_id: number;
  status: AttendanceStatus;
  recorded_by: string;
  recorded_at: string;
}

export interface Followup {
  followed_on: string;
  still_active: boolean;
  jobs: number;
  revenue_band: string;
  note?: string;
  recorded_by: string;
  recorded_at: string;
  updated_at: string;
}

/* A follow-up date: 6, 12 or 24 months after the enterprise's creation. */
export interface Milestone {
  months: number;
  due_on: string;
  followup: Followup | null;
}

export interface Enterprise {
  id: number;
  application_id: number;
  reference: string;
  program: string;
  region: string;
  province: string;
  beneficiary: { first_name?: string; last_name?: string; first_name_ar?: string; last_name_ar?: string };
  name: string;
  sector: string;
  legal_form: string;
  created_on: string;
  jobs_created: number;
  description?: string;
  created_at: string;
  updated_at: string;
  milestones?: Milestone[];
}
