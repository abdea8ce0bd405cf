import { defineMessages } from '../define.ts';

export const componentMessages = defineMessages({
  en: {
    'components.dialog.close': 'Close',
    'components.toast.region': 'Notifications',
    'components.toast.dismiss': 'Dismiss',
  },
  de: {
    'components.dialog.close': 'Schließen',
    'components.toast.region': 'Benachrichtigungen',
    'components.toast.dismiss': 'Ausblenden',
  },
  fr: {
    'components.dialog.close': 'Fermer',
    'components.toast.region': 'Notifications',
    'components.toast.dismiss': 'Masquer',
  },
});
