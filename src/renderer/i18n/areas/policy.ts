import { defineMessages } from '../define.ts';

/** The lines that mark what the organisation's managed policy sets, wherever it shows. */
export const policyMessages = defineMessages({
  en: {
    'policy.setByOrganisation': 'Set by your organisation',
    'policy.requiredByOrganisation': 'Required by your organisation',
  },
  de: {
    'policy.setByOrganisation': 'Von Ihrer Organisation festgelegt',
    'policy.requiredByOrganisation': 'Von Ihrer Organisation vorgeschrieben',
  },
  fr: {
    'policy.setByOrganisation': 'Défini par votre organisation',
    'policy.requiredByOrganisation': 'Exigé par votre organisation',
  },
});
