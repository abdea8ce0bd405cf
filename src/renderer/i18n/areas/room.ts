import { defineMessages } from '../define.ts';

export const roomMessages = defineMessages({
  en: {},
  de: {},
  fr: {},
});
