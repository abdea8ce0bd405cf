import { defineMessages } from '../define.ts';

export const composerMessages = defineMessages({
  en: {},
  de: {},
  fr: {},
});
