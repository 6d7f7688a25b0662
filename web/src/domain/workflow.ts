// The application state machine, as the server enforces it (src/domain/workflow.c):
// which states an application may move to, in the order buttons offer them.
import type { AppState } from '../types';

export const states: AppState[] = [
  'submitted',
  'under_review',
  'eligible',
  'ineligible',
  'accepted',
  'waitlisted',
  'in_training',
  'incubated',
  'enterprise_created',
  'withdrawn',
];

/* A state that some move leads to: every state but the first. */
export type Reachable = Exclude<AppState, 'submitted'>;

const forward: Partial<Record<AppState, Reachable[]>> = {
  submitted: ['under_review'],
  under_review: ['eligible', 'ineligible'],
  eligible: ['accepted', 'waitlisted'],
  waitlisted: ['accepted'],
  accepted: ['in_training'],
  in_training: ['incubated'],
  incubated: ['enterprise_created'],
};

/* Final states: nothing leaves them, not even a withdrawal. */
const final: AppState[] = ['ineligible', 'enterprise_created', 'withdrawn'];

export function nextStates(from: AppState): Reachable[] {
  const moves = forward[from] ?? [];
  return final.includes(from) ? moves : [...moves, 'withdrawn'];
}
