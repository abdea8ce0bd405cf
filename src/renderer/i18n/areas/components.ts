import { defineMessages } from '../define.ts';

export const componentMessages = defineMessages({
  en: {},
  de: {},
  fr: {},
});
