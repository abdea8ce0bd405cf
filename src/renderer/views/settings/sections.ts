import type { IconName } from '../../components/icons.ts';
import type { MessageKey } from '../../i18n/translator.ts';

export const SETTINGS_SECTIONS = ['profile', 'appearance', 'notifications', 'language', 'sessions', 'account'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export const SECTION_LABELS: Readonly<Record<SettingsSection, MessageKey>> = {
  profile: 'settings.section.profile',
  appearance: 'settings.section.appearance',
  notifications: 'settings.section.notifications',
  language: 'settings.section.language',
  sessions: 'settings.section.sessions',
  account: 'settings.section.account',
};

export const SECTION_ICONS: Readonly<Record<SettingsSection, IconName>> = {
  profile: 'person',
  appearance: 'sun',
  notifications: 'bell',
  language: 'globe',
  sessions: 'monitor',
  account: 'lock',
};

export const isSettingsSection = (value: string | null): value is SettingsSection =>
  value !== null && (SETTINGS_SECTIONS as readonly string[]).includes(value);
