import { defineMessages } from '../define.ts';

export const settingsMessages = defineMessages({
  en: {},
  de: {},
  fr: {},
});
