import { defineMessages } from '../define.ts';

export const roomListMessages = defineMessages({
  en: {},
  de: {},
  fr: {},
});
