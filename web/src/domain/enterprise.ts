// The closed lists of an enterprise and its follow-ups, as the server checks them
// (src/domain/enterprise.c), and the milestones at which it is followed up.
export const sectors = [
  'agriculture',
  'agri_food',
  'crafts',
  'textile',
  'commerce',
  'services',
  'tourism',
  'digital',
  'other',
] as const;

export const legalForms = [
  'auto_entrepreneur',
  'cooperative',
  'sarl',
  'sarl_au',
  'individual',
  'association',
  'informal',
] as const;

/* Yearly revenue in MAD. */
export const revenueBands = ['none', 'lt_50k', '50k_200k', '200k_500k', 'gt_500k'] as const;

/* Months after the creation. */
export const milestones = [6, 12, 24] as const;
