import { appMessages } from './areas/app.ts';
import { componentMessages } from './areas/components.ts';
import { composerMessages } from './areas/composer.ts';
import { conversationMessages } from './areas/conversation.ts';
import { emojiMessages } from './areas/emoji.ts';
import { policyMessages } from './areas/policy.ts';
import { roomListMessages } from './areas/room-list.ts';
import { roomMessages } from './areas/room.ts';
import { settingsMessages } from './areas/settings.ts';
import { shortcutMessages } from './areas/shortcuts.ts';
import { signInMessages } from './areas/sign-in.ts';
import { updateMessages } from './areas/updates.ts';

/** Every area of the UI; each file under areas/ holds one area's strings in all languages. */
const areas = [appMessages, signInMessages, componentMessages, roomListMessages, roomMessages, conversationMessages, composerMessages, emojiMessages, settingsMessages, shortcutMessages, policyMessages, updateMessages] as const;

type AreaKeys<A> = A extends { readonly en: Readonly<Record<infer K, string>> } ? K : never;
export type MessageKey = AreaKeys<(typeof areas)[number]>;
export type Catalog = Readonly<Record<MessageKey, string>>;
export type Language = 'en' | 'de' | 'fr';

function merge(language: Language): Catalog {
  return Object.assign({}, ...areas.map((area) => area[language])) as Catalog;
}

export const catalogs: Readonly<Record<Language, Catalog>> = { en: merge('en'), de: merge('de'), fr: merge('fr') };
