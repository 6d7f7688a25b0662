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
