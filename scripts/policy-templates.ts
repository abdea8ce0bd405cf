#!/usr/bin/env node
/**
 * The administrators' policy templates, generated from the one policy table
 * (src/shared/policy/policy-schema.ts) and checked in under build/policy/:
 *
 *   windows/plenum.admx, windows/{en-US,de-DE,fr-FR}/plenum.adml   Group Policy (and Intune's ADMX import)
 *   macos/<bundle id>.mobileconfig.example                         a configuration profile to start from
 *   linux/policy.json.example                                      for /etc/plenum/policy.json
 *
 * Run after changing a policy:  ./scripts/npm run policy:templates
 * test/unit/build/policy-templates.test.ts fails when the checked-in files differ from what this
 * renders, and checks the ADMX/ADML references, the examples' types and docs/deployment.md.
 *
 * Output is byte-stable: policies in table order, fixed indentation, LF line ends, no dates, and
 * UUIDs derived from names (v5), so a second run changes nothing.
 *
 * Lists (AllowedHomeservers) are an ADMX `multiText` element: Group Policy writes one REG_MULTI_SZ
 * under the policy's own value name, which a reader of SOFTWARE\Policies\Plenum sees beside the
 * others (joined by newlines, checkPolicyValue splits it again). A `<list>` element would instead
 * write a subkey with one value per entry (1, 2, 3, …), a second layout every reader would need.
 * The macOS example gives a list as one comma-separated <string>: the reader
 * (src/main/core/policy/policy-sources.ts) takes an <array> as well, and checkPolicyValue splits the
 * string, but a string is what MDM consoles' simple key/value payload editors can enter.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPolicyValue, POLICIES, type PolicyDefinition, type PolicyKey } from '../src/shared/policy/policy-schema.ts';

/** electron-builder.yml's appId: the macOS bundle ID and so the managed-preferences domain (the test compares the two). */
export const BUNDLE_ID = 'eu.plenum.desktop';
export const REGISTRY_KEY = 'SOFTWARE\\Policies\\Plenum';
export const ADMX_NAMESPACE = 'Plenum.Policies';
export const OUTPUT_DIR = 'build/policy';

type Category = PolicyDefinition['category'];
type Language = 'en' | 'de' | 'fr';
type AnyPolicy = (typeof POLICIES)[number];
type ExampleValue = boolean | number | string | readonly string[];

/** Windows' language folders for the ADML files. */
export const ADML_CULTURES: Readonly<Record<Language, string>> = { en: 'en-US', de: 'de-DE', fr: 'fr-FR' };
const LANGUAGES = Object.keys(ADML_CULTURES) as Language[];

/** The order of the subcategories under "Plenum" in the Group Policy editor. */
const CATEGORY_ORDER: readonly Category[] = ['signIn', 'privacy', 'rooms', 'files', 'network', 'updates', 'general'];

// ---------------------------------------------------------------------------------------------
// Texts. English summaries come from the policy table; German (Sie) and French (vous) translate
// them. `translatedFrom` is the English the translations were made from: when a summary in the
// table changes, the check below fails until the translations are looked at again.
// ---------------------------------------------------------------------------------------------

interface PolicyText {
  /** The policy's name in the Group Policy editor. */
  readonly name: string;
  /** The translated summary (English: the table's summary is used). */
  readonly summary?: string;
  /** The label beside the value's field; every policy but a boolean has one. */
  readonly label?: string;
  /** Display names of an enum's values. */
  readonly items?: Readonly<Record<string, string>>;
}

export interface PolicyTexts {
  readonly translatedFrom: string;
  readonly en: PolicyText;
  readonly de: PolicyText;
  readonly fr: PolicyText;
}

const NBSP = '\u00a0';

export const POLICY_TEXTS: Readonly<Record<PolicyKey, PolicyTexts>> = {
  HomeserverUrl: {
    translatedFrom: 'The homeserver everyone signs in to. The sign-in screen shows it and it cannot be changed.',
    en: { name: 'Homeserver URL', label: 'Homeserver URL (https://…):' },
    de: {
      name: 'Homeserver-URL',
      summary: 'Der Homeserver, bei dem sich alle anmelden. Die Anmeldeseite zeigt ihn an, und er kann nicht geändert werden.',
      label: 'Homeserver-URL (https://…):',
    },
    fr: {
      name: 'URL du serveur d’accueil',
      summary: 'Le serveur d’accueil auquel tout le monde se connecte. L’écran de connexion l’affiche et il ne peut pas être modifié.',
      label: `URL du serveur d’accueil (https://…)${NBSP}:`,
    },
  },
  AllowedHomeservers: {
    translatedFrom: 'The only server names people may sign in to (for example matrix.example.org). Empty or unset: any server.',
    en: { name: 'Allowed homeservers', label: 'Server names, one per line:' },
    de: {
      name: 'Zugelassene Homeserver',
      summary:
        'Die einzigen Servernamen, bei denen sich Nutzerinnen und Nutzer anmelden dürfen (zum Beispiel matrix.example.org). Leer oder nicht festgelegt: jeder Server.',
      label: 'Servernamen, einer pro Zeile:',
    },
    fr: {
      name: 'Serveurs d’accueil autorisés',
      summary:
        `Les seuls noms de serveur auxquels les utilisateurs peuvent se connecter (par exemple matrix.example.org). Vide ou non défini${NBSP}: n’importe quel serveur.`,
      label: `Noms de serveur, un par ligne${NBSP}:`,
    },
  },
  DisablePasswordLogin: {
    translatedFrom: 'Hide password sign-in, so only single sign-on is offered.',
    en: { name: 'Disable password sign-in' },
    de: {
      name: 'Anmeldung mit Passwort deaktivieren',
      summary: 'Blendet die Anmeldung mit Passwort aus, sodass nur Single Sign-on angeboten wird.',
    },
    fr: {
      name: 'Désactiver la connexion par mot de passe',
      summary: `Masque la connexion par mot de passe${NBSP}: seule l’authentification unique (SSO) est proposée.`,
    },
  },
  ForceSso: {
    translatedFrom: 'Sign in through single sign-on only, straight away, when the server offers it.',
    en: { name: 'Use single sign-on only' },
    de: {
      name: 'Nur Single Sign-on verwenden',
      summary: 'Die Anmeldung erfolgt ausschließlich und sofort über Single Sign-on, wenn der Server es anbietet.',
    },
    fr: {
      name: 'Utiliser uniquement l’authentification unique',
      summary: 'La connexion passe uniquement et directement par l’authentification unique (SSO), lorsque le serveur la propose.',
    },
  },
  DisableRegistration: {
    translatedFrom: 'Offer no account creation or guest access in the app.',
    en: { name: 'Disable registration and guest access' },
    de: {
      name: 'Registrierung und Gastzugang deaktivieren',
      summary: 'Die App bietet weder das Anlegen von Konten noch einen Gastzugang an.',
    },
    fr: {
      name: 'Désactiver l’inscription et l’accès invité',
      summary: 'L’application ne propose ni création de compte ni accès invité.',
    },
  },
  ShowMessagePreviews: {
    translatedFrom: 'Whether desktop notifications show sender and text; the user can no longer change it.',
    en: { name: 'Show message previews in notifications' },
    de: {
      name: 'Nachrichtenvorschau in Benachrichtigungen anzeigen',
      summary: 'Legt fest, ob Desktop-Benachrichtigungen Absender und Text zeigen; Nutzerinnen und Nutzer können das nicht mehr ändern.',
    },
    fr: {
      name: 'Afficher l’aperçu des messages dans les notifications',
      summary: `Détermine si les notifications du bureau affichent l’expéditeur et le texte${NBSP}; les utilisateurs ne peuvent plus le modifier.`,
    },
  },
  ForceEncryptionForNewRooms: {
    translatedFrom: 'New rooms are always end-to-end encrypted; the choice is not offered.',
    en: { name: 'Always encrypt new rooms' },
    de: {
      name: 'Neue Räume immer verschlüsseln',
      summary: 'Neue Räume sind immer Ende-zu-Ende-verschlüsselt; die Wahl wird nicht angeboten.',
    },
    fr: {
      name: 'Toujours chiffrer les nouveaux salons',
      summary: `Les nouveaux salons sont toujours chiffrés de bout en bout${NBSP}; le choix n’est pas proposé.`,
    },
  },
  MaxUploadSizeMb: {
    translatedFrom: 'The largest file people may send, in megabytes (at most the server’s own limit).',
    en: { name: 'Maximum file size for sending (MB)', label: 'Megabytes:' },
    de: {
      name: 'Maximale Dateigröße beim Senden (MB)',
      summary: 'Die größte Datei, die gesendet werden darf, in Megabyte (das eigene Limit des Servers gilt, wenn es niedriger ist).',
      label: 'Megabyte:',
    },
    fr: {
      name: 'Taille maximale des fichiers envoyés (Mo)',
      summary: 'Le plus gros fichier que l’on peut envoyer, en mégaoctets (la limite propre du serveur s’applique si elle est plus basse).',
      label: `Mégaoctets${NBSP}:`,
    },
  },
  ProxyMode: {
    translatedFrom: 'How Plenum reaches the network: the system’s proxy settings, none, or ProxyServer.',
    en: {
      name: 'Proxy mode',
      label: 'Proxy mode:',
      items: { system: 'Use the system’s proxy settings', direct: 'No proxy (direct connection)', manual: 'Use ProxyServer (manual)' },
    },
    de: {
      name: 'Proxy-Modus',
      summary: 'Wie Plenum das Netzwerk erreicht: über die Proxy-Einstellungen des Systems, ohne Proxy oder über ProxyServer.',
      label: 'Proxy-Modus:',
      items: { system: 'Proxy-Einstellungen des Systems verwenden', direct: 'Kein Proxy (direkte Verbindung)', manual: 'ProxyServer verwenden (manuell)' },
    },
    fr: {
      name: 'Mode du proxy',
      summary: `Comment Plenum accède au réseau${NBSP}: avec les paramètres de proxy du système, sans proxy, ou par ProxyServer.`,
      label: `Mode du proxy${NBSP}:`,
      items: { system: 'Utiliser les paramètres de proxy du système', direct: 'Aucun proxy (connexion directe)', manual: 'Utiliser ProxyServer (manuel)' },
    },
  },
  ProxyServer: {
    translatedFrom: 'The proxy, as host:port or scheme://host:port, when ProxyMode is manual.',
    en: { name: 'Proxy server', label: 'Proxy (host:port or scheme://host:port):' },
    de: {
      name: 'Proxyserver',
      summary: 'Der Proxy als host:port oder schema://host:port, wenn ProxyMode auf manual (manuell) steht.',
      label: 'Proxy (host:port oder schema://host:port):',
    },
    fr: {
      name: 'Serveur proxy',
      summary: 'Le proxy, sous la forme hôte:port ou schéma://hôte:port, lorsque ProxyMode vaut manual (manuel).',
      label: `Proxy (hôte:port ou schéma://hôte:port)${NBSP}:`,
    },
  },
  ProxyBypass: {
    translatedFrom: 'Hosts that do not go through ProxyServer, comma-separated (for example localhost, *.intranet.example).',
    en: { name: 'Proxy bypass list', label: 'Hosts, comma-separated:' },
    de: {
      name: 'Proxy-Ausnahmen',
      summary: 'Hosts, die nicht über ProxyServer gehen, durch Kommas getrennt (zum Beispiel localhost, *.intranet.example).',
      label: 'Hosts, durch Kommas getrennt:',
    },
    fr: {
      name: 'Exceptions au proxy',
      summary: 'Les hôtes qui ne passent pas par ProxyServer, séparés par des virgules (par exemple localhost, *.intranet.example).',
      label: `Hôtes, séparés par des virgules${NBSP}:`,
    },
  },
  DisableAutoUpdate: {
    translatedFrom: 'Never look for or install updates (the institution deploys new versions itself).',
    en: { name: 'Disable automatic updates' },
    de: {
      name: 'Automatische Aktualisierungen deaktivieren',
      summary: 'Nie nach Aktualisierungen suchen oder sie installieren (die Institution verteilt neue Versionen selbst).',
    },
    fr: {
      name: 'Désactiver les mises à jour automatiques',
      summary: 'Ne jamais rechercher ni installer de mises à jour (l’institution déploie elle-même les nouvelles versions).',
    },
  },
  UpdateUrl: {
    translatedFrom:
      'The institution’s update server: the https:// folder holding latest.yml, latest-mac.yml and latest-linux.yml. Unset: Plenum never looks for updates.',
    en: { name: 'Update server URL', label: 'Update server URL (https://…):' },
    de: {
      name: 'URL des Aktualisierungsservers',
      summary:
        'Der Aktualisierungsserver der Institution: der https://-Ordner mit latest.yml, latest-mac.yml und latest-linux.yml. Nicht festgelegt: Plenum sucht nie nach Aktualisierungen.',
      label: 'URL des Aktualisierungsservers (https://…):',
    },
    fr: {
      name: 'URL du serveur de mises à jour',
      summary:
        `Le serveur de mises à jour de l’institution${NBSP}: le dossier https:// qui contient latest.yml, latest-mac.yml et latest-linux.yml. Non défini${NBSP}: Plenum ne recherche jamais de mises à jour.`,
      label: `URL du serveur de mises à jour (https://…)${NBSP}:`,
    },
  },
  AutoInstallUpdates: {
    translatedFrom: 'Install a downloaded update when Plenum quits, without asking the user first.',
    en: { name: 'Install updates without asking' },
    de: {
      name: 'Aktualisierungen ohne Nachfrage installieren',
      summary: 'Installiert eine heruntergeladene Aktualisierung beim Beenden von Plenum, ohne die Nutzerin oder den Nutzer vorher zu fragen.',
    },
    fr: {
      name: 'Installer les mises à jour sans demander',
      summary: 'Installe une mise à jour téléchargée à la fermeture de Plenum, sans demander d’abord l’accord de l’utilisateur.',
    },
  },
  DefaultLanguage: {
    translatedFrom: 'The language Plenum starts in until the user picks another.',
    en: { name: 'Default language', label: 'Language:', items: { en: 'English', de: 'German (Deutsch)', fr: 'French (Français)' } },
    de: {
      name: 'Standardsprache',
      summary: 'Die Sprache, in der Plenum startet, bis die Nutzerin oder der Nutzer eine andere wählt.',
      label: 'Sprache:',
      items: { en: 'Englisch (English)', de: 'Deutsch', fr: 'Französisch (Français)' },
    },
    fr: {
      name: 'Langue par défaut',
      summary: 'La langue dans laquelle Plenum démarre, jusqu’à ce que l’utilisateur en choisisse une autre.',
      label: `Langue${NBSP}:`,
      items: { en: 'Anglais (English)', de: 'Allemand (Deutsch)', fr: 'Français' },
    },
  },
};

interface LanguageText {
  readonly displayName: string;
  readonly description: string;
  readonly supportedOn: string;
  readonly categories: Readonly<Record<Category, string>>;
  /** Explain text for a boolean: what Enabled, Disabled and Not configured mean. */
  readonly boolean: string;
  readonly string: string;
  readonly integer: (min: number, max: number) => string;
  readonly enum: string;
  readonly list: (maxItems: number) => string;
  /** What Disabled and Not configured mean for a policy with a value. */
  readonly unset: string;
  readonly invalid: string;
  readonly registry: (valueName: string, type: string) => string;
}

export const LANGUAGE_TEXTS: Readonly<Record<Language, LanguageText>> = {
  en: {
    displayName: 'Plenum',
    description: 'Group Policy settings for Plenum, the Matrix messenger for public institutions.',
    supportedOn: 'Plenum 0.1 and later',
    categories: { signIn: 'Sign-in', privacy: 'Privacy', rooms: 'Rooms', files: 'Files', network: 'Network', updates: 'Updates', general: 'General' },
    boolean:
      'If you enable this policy, the setting is on; if you disable it, the setting is off. In both cases users cannot change it. If you do not configure it, the user’s own choice or Plenum’s default applies.',
    string: 'If you enable this policy, enter the value below.',
    integer: (min, max) => `If you enable this policy, enter a number from ${min} to ${max} below.`,
    enum: 'If you enable this policy, choose one of the values below.',
    list: (maxItems) => `If you enable this policy, enter one entry per line below (at most ${maxItems}).`,
    unset: 'If you disable it or do not configure it, the user’s own choice or Plenum’s default applies.',
    invalid: 'A value that does not pass Plenum’s check is ignored and logged; the other policies still apply.',
    registry: (valueName, type) => `Registry: HKLM or HKCU\\${REGISTRY_KEY}, value ${valueName} (${type}). A computer policy takes precedence over a user policy.`,
  },
  de: {
    displayName: 'Plenum',
    description: 'Gruppenrichtlinien für Plenum, den Matrix-Messenger für öffentliche Einrichtungen.',
    supportedOn: 'Plenum 0.1 oder höher',
    categories: {
      signIn: 'Anmeldung',
      privacy: 'Datenschutz',
      rooms: 'Räume',
      files: 'Dateien',
      network: 'Netzwerk',
      updates: 'Aktualisierungen',
      general: 'Allgemein',
    },
    boolean:
      'Wenn Sie diese Richtlinie aktivieren, ist die Einstellung eingeschaltet; wenn Sie sie deaktivieren, ist sie ausgeschaltet. In beiden Fällen können Nutzerinnen und Nutzer sie nicht ändern. Wenn Sie die Richtlinie nicht konfigurieren, gilt die eigene Wahl der Nutzerin oder des Nutzers oder die Voreinstellung von Plenum.',
    string: 'Wenn Sie diese Richtlinie aktivieren, geben Sie unten den Wert ein.',
    integer: (min, max) => `Wenn Sie diese Richtlinie aktivieren, geben Sie unten eine Zahl von ${min} bis ${max} ein.`,
    enum: 'Wenn Sie diese Richtlinie aktivieren, wählen Sie unten einen der Werte.',
    list: (maxItems) => `Wenn Sie diese Richtlinie aktivieren, geben Sie unten einen Eintrag pro Zeile ein (höchstens ${maxItems}).`,
    unset: 'Wenn Sie sie deaktivieren oder nicht konfigurieren, gilt die eigene Wahl der Nutzerin oder des Nutzers oder die Voreinstellung von Plenum.',
    invalid: 'Ein Wert, der die Prüfung von Plenum nicht besteht, wird ignoriert und protokolliert; die übrigen Richtlinien gelten weiter.',
    registry: (valueName, type) =>
      `Registrierung: HKLM oder HKCU\\${REGISTRY_KEY}, Wert ${valueName} (${type}). Eine Computerrichtlinie hat Vorrang vor einer Benutzerrichtlinie.`,
  },
  fr: {
    displayName: 'Plenum',
    description: 'Paramètres de stratégie de groupe pour Plenum, la messagerie Matrix des institutions publiques.',
    supportedOn: 'Plenum 0.1 ou version ultérieure',
    categories: {
      signIn: 'Connexion',
      privacy: 'Confidentialité',
      rooms: 'Salons',
      files: 'Fichiers',
      network: 'Réseau',
      updates: 'Mises à jour',
      general: 'Général',
    },
    boolean:
      `Si vous activez cette stratégie, le paramètre est activé${NBSP}; si vous la désactivez, il est désactivé. Dans les deux cas, les utilisateurs ne peuvent pas le modifier. Si vous ne la configurez pas, le choix de l’utilisateur ou la valeur par défaut de Plenum s’applique.`,
    string: 'Si vous activez cette stratégie, saisissez la valeur ci-dessous.',
    integer: (min, max) => `Si vous activez cette stratégie, saisissez ci-dessous un nombre de ${min} à ${max}.`,
    enum: 'Si vous activez cette stratégie, choisissez l’une des valeurs ci-dessous.',
    list: (maxItems) => `Si vous activez cette stratégie, saisissez ci-dessous une entrée par ligne (${maxItems} au maximum).`,
    unset: 'Si vous la désactivez ou ne la configurez pas, le choix de l’utilisateur ou la valeur par défaut de Plenum s’applique.',
    invalid: `Une valeur qui ne passe pas la vérification de Plenum est ignorée et consignée dans le journal${NBSP}; les autres stratégies continuent de s’appliquer.`,
    registry: (valueName, type) =>
      `Registre${NBSP}: HKLM ou HKCU\\${REGISTRY_KEY}, valeur ${valueName} (${type}). Une stratégie d’ordinateur l’emporte sur une stratégie d’utilisateur.`,
  },
};

/** Every problem with the texts, one line each; empty when each policy has its name, summary, label and items in all three languages. */
export function findTranslationProblems(
  texts: Readonly<Record<string, PolicyTexts | undefined>> = POLICY_TEXTS,
  policies: readonly PolicyDefinition[] = POLICIES,
): string[] {
  const problems: string[] = [];
  const known = new Set(policies.map((policy) => policy.key));
  for (const key of Object.keys(texts)) if (!known.has(key)) problems.push(`${key}: texts for a policy that is not in POLICIES`);
  for (const category of new Set(policies.map((policy) => policy.category))) {
    if (!CATEGORY_ORDER.includes(category)) problems.push(`category ${category}: missing from CATEGORY_ORDER`);
  }
  for (const policy of policies) {
    const entry = texts[policy.key];
    if (!entry) {
      problems.push(`${policy.key}: no texts (English, German and French are needed)`);
      continue;
    }
    if (entry.translatedFrom !== policy.summary) {
      problems.push(`${policy.key}: its summary changed; update the German and French texts, then translatedFrom`);
    }
    for (const language of LANGUAGES) {
      const text = entry[language] as PolicyText | undefined;
      if (!text?.name.trim()) {
        problems.push(`${policy.key}: no ${language} name`);
        continue;
      }
      if (language !== 'en' && !text.summary?.trim()) problems.push(`${policy.key}: no ${language} summary`);
      if (language === 'en' && text.summary !== undefined) problems.push(`${policy.key}: the English summary comes from POLICIES, not from here`);
      const wantsLabel = policy.type.kind !== 'boolean';
      if (wantsLabel && !text.label?.trim()) problems.push(`${policy.key}: no ${language} label`);
      if (!wantsLabel && text.label !== undefined) problems.push(`${policy.key}: a ${language} label, but a boolean has no field`);
      const values = policy.type.kind === 'enum' ? policy.type.values : [];
      const items = Object.keys(text.items ?? {});
      for (const value of values) if (!text.items?.[value]?.trim()) problems.push(`${policy.key}: no ${language} name for the value ${value}`);
      for (const item of items) if (!values.includes(item)) problems.push(`${policy.key}: a ${language} name for ${item}, which is not a value`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Example values, used by the macOS profile, the Linux file and docs/deployment.md. Each must pass
// its policy's own check, so an example can never show a value Plenum would ignore.
// ---------------------------------------------------------------------------------------------

export const EXAMPLE_VALUES: Readonly<Record<PolicyKey, ExampleValue>> = {
  HomeserverUrl: 'https://matrix.example.org',
  AllowedHomeservers: ['matrix.example.org'],
  DisablePasswordLogin: false,
  ForceSso: false,
  DisableRegistration: true,
  ShowMessagePreviews: false,
  ForceEncryptionForNewRooms: true,
  MaxUploadSizeMb: 50,
  ProxyMode: 'manual',
  ProxyServer: 'http://proxy.example.org:3128',
  ProxyBypass: 'localhost, *.intranet.example',
  DisableAutoUpdate: true,
  UpdateUrl: 'https://updates.example.org/plenum/',
  AutoInstallUpdates: false,
  DefaultLanguage: 'de',
};

function checkExamples(): string[] {
  return POLICIES.filter((policy) => checkPolicyValue(policy, EXAMPLE_VALUES[policy.key]) === undefined).map(
    (policy) => `${policy.key}: the example value does not pass the policy's own check`,
  );
}

// ---------------------------------------------------------------------------------------------
// XML helpers
// ---------------------------------------------------------------------------------------------

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const attributes = (attrs: Readonly<Record<string, string | number | undefined>>): string =>
  Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
const GENERATED_NOTE = '<!-- Generated by scripts/policy-templates.ts from src/shared/policy/policy-schema.ts. Do not edit: run npm run policy:templates. -->';
const ADMX_XMLNS = {
  'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
  'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  revision: '1.0',
  schemaVersion: '1.0',
  xmlns: 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions',
};

const SUPPORTED_ON = 'SUPPORTED_Plenum_0_1';
const ROOT_CATEGORY = 'Plenum';
const categoryName = (category: Category): string => `Plenum_${category}`;
const categoryString = (category: Category): string => `Category_${category}`;
const explainString = (key: string): string => `${key}_Explain`;
const itemString = (key: string, value: string): string => `${key}_${value}`;

/** Group Policy's registry type for each kind of policy (the ADMX element decides it). */
export const REGISTRY_TYPES: Readonly<Record<PolicyDefinition['type']['kind'], string>> = {
  boolean: 'REG_DWORD',
  string: 'REG_SZ',
  integer: 'REG_DWORD',
  enum: 'REG_SZ',
  'string-list': 'REG_MULTI_SZ',
};

/** Longest server name an entry of a list may hold in the editor: a 253-character DNS name plus ":65535". */
const LIST_ENTRY_MAX_LENGTH = 259;

function policyElement(policy: AnyPolicy): string[] {
  const { key, type } = policy;
  switch (type.kind) {
    case 'boolean':
      return [];
    case 'string':
      return [`<text${attributes({ id: key, valueName: key, required: 'true', maxLength: type.maxLength })}/>`];
    case 'integer':
      return [`<decimal${attributes({ id: key, valueName: key, required: 'true', minValue: type.min, maxValue: type.max })}/>`];
    case 'enum':
      return [
        `<enum${attributes({ id: key, valueName: key, required: 'true' })}>`,
        ...type.values.flatMap((value) => [
          `  <item${attributes({ displayName: `$(string.${itemString(key, value)})` })}>`,
          `    <value><string>${escapeXml(value)}</string></value>`,
          '  </item>',
        ]),
        '</enum>',
      ];
    case 'string-list':
      return [`<multiText${attributes({ id: key, valueName: key, required: 'true', maxLength: LIST_ENTRY_MAX_LENGTH, maxStrings: type.maxItems })}/>`];
  }
}

const indent = (lines: readonly string[], depth: number): string[] => lines.map((line) => `${'  '.repeat(depth)}${line}`);

function renderAdmx(): string {
  const lines: string[] = [
    XML_DECLARATION,
    GENERATED_NOTE,
    `<policyDefinitions${attributes(ADMX_XMLNS)}>`,
    '  <policyNamespaces>',
    `    <target${attributes({ prefix: 'plenum', namespace: ADMX_NAMESPACE })}/>`,
    '  </policyNamespaces>',
    `  <resources${attributes({ minRequiredRevision: '1.0' })}/>`,
    '  <supportedOn>',
    '    <definitions>',
    `      <definition${attributes({ name: SUPPORTED_ON, displayName: `$(string.${SUPPORTED_ON})` })}/>`,
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    `    <category${attributes({ name: ROOT_CATEGORY, displayName: `$(string.${ROOT_CATEGORY})` })}/>`,
  ];
  for (const category of CATEGORY_ORDER) {
    lines.push(
      `    <category${attributes({ name: categoryName(category), displayName: `$(string.${categoryString(category)})` })}>`,
      `      <parentCategory${attributes({ ref: ROOT_CATEGORY })}/>`,
      '    </category>',
    );
  }
  lines.push('  </categories>', '  <policies>');
  for (const policy of POLICIES) {
    const isBoolean = policy.type.kind === 'boolean';
    lines.push(
      `    <policy${attributes({
        name: policy.key,
        class: 'Both',
        displayName: `$(string.${policy.key})`,
        explainText: `$(string.${explainString(policy.key)})`,
        presentation: isBoolean ? undefined : `$(presentation.${policy.key})`,
        key: REGISTRY_KEY,
        valueName: isBoolean ? policy.key : undefined,
      })}>`,
      `      <parentCategory${attributes({ ref: categoryName(policy.category) })}/>`,
      `      <supportedOn${attributes({ ref: SUPPORTED_ON })}/>`,
    );
    if (isBoolean) {
      lines.push(
        '      <enabledValue><decimal value="1"/></enabledValue>',
        '      <disabledValue><decimal value="0"/></disabledValue>',
      );
    } else {
      lines.push('      <elements>', ...indent(policyElement(policy), 4), '      </elements>');
    }
    lines.push('    </policy>');
  }
  lines.push('  </policies>', '</policyDefinitions>', '');
  return lines.join('\n');
}

function explainText(policy: AnyPolicy, language: Language): string {
  const t = LANGUAGE_TEXTS[language];
  const texts = POLICY_TEXTS[policy.key];
  const summary = language === 'en' ? policy.summary : (texts[language].summary ?? '');
  const { type } = policy;
  let how: string;
  switch (type.kind) {
    case 'boolean':
      how = t.boolean;
      break;
    case 'string':
      how = `${t.string} ${t.unset}`;
      break;
    case 'integer':
      how = `${t.integer(type.min, type.max)} ${t.unset}`;
      break;
    case 'enum':
      how = `${t.enum} ${t.unset}`;
      break;
    case 'string-list':
      how = `${t.list(type.maxItems)} ${t.unset}`;
      break;
  }
  return [summary, how, t.invalid, t.registry(policy.key, REGISTRY_TYPES[type.kind])].join('\n\n');
}

function presentation(policy: AnyPolicy, language: Language): string[] {
  const label = escapeXml(POLICY_TEXTS[policy.key][language].label ?? '');
  const { key, type } = policy;
  switch (type.kind) {
    case 'boolean':
      return [];
    case 'string':
      return [`<textBox${attributes({ refId: key })}>`, `  <label>${label}</label>`, '</textBox>'];
    case 'integer':
      return [`<decimalTextBox${attributes({ refId: key, defaultValue: type.max })}>${label}</decimalTextBox>`];
    case 'enum':
      return [`<dropdownList${attributes({ refId: key, noSort: 'true', defaultItem: 0 })}>${label}</dropdownList>`];
    case 'string-list':
      return [`<multiTextBox${attributes({ refId: key, defaultHeight: 6 })}>${label}</multiTextBox>`];
  }
}

function renderAdml(language: Language): string {
  const t = LANGUAGE_TEXTS[language];
  const strings: [string, string][] = [
    [ROOT_CATEGORY, 'Plenum'],
    ...CATEGORY_ORDER.map((category): [string, string] => [categoryString(category), t.categories[category]]),
    [SUPPORTED_ON, t.supportedOn],
  ];
  for (const policy of POLICIES) {
    const text = POLICY_TEXTS[policy.key][language];
    strings.push([policy.key, text.name], [explainString(policy.key), explainText(policy, language)]);
    if (policy.type.kind === 'enum') {
      for (const value of policy.type.values) strings.push([itemString(policy.key, value), text.items?.[value] ?? value]);
    }
  }
  const lines = [
    XML_DECLARATION,
    GENERATED_NOTE,
    `<policyDefinitionResources${attributes(ADMX_XMLNS)}>`,
    `  <displayName>${escapeXml(t.displayName)}</displayName>`,
    `  <description>${escapeXml(t.description)}</description>`,
    '  <resources>',
    '    <stringTable>',
    ...strings.map(([id, text]) => `      <string${attributes({ id })}>${escapeXml(text)}</string>`),
    '    </stringTable>',
    '    <presentationTable>',
  ];
  for (const policy of POLICIES) {
    const controls = presentation(policy, language);
    if (controls.length === 0) continue;
    lines.push(`      <presentation${attributes({ id: policy.key })}>`, ...indent(controls, 4), '      </presentation>');
  }
  lines.push('    </presentationTable>', '  </resources>', '</policyDefinitionResources>', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// macOS configuration profile
// ---------------------------------------------------------------------------------------------

/** RFC 4122 namespace for DNS names; the names below are reverse-DNS payload identifiers. */
const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** A name-based (version 5) UUID: the same name always gives the same UUID, so the profile is stable. */
export function uuidV5(name: string, namespace = DNS_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The example as the macOS profile carries it: a list as one comma-separated string (see the top of this file). */
export function plistExample(key: PolicyKey): Exclude<ExampleValue, readonly string[]> {
  const value = EXAMPLE_VALUES[key];
  return Array.isArray(value) ? value.join(', ') : (value as Exclude<ExampleValue, readonly string[]>);
}

function plistValue(value: ExampleValue, depth: number): string[] {
  const pad = '\t'.repeat(depth);
  if (typeof value === 'boolean') return [`${pad}<${value ? 'true' : 'false'}/>`];
  if (typeof value === 'number') return [`${pad}<integer>${value}</integer>`];
  if (typeof value === 'string') return [`${pad}<string>${escapeXml(value)}</string>`];
  return [`${pad}<array>`, ...value.flatMap((item) => plistValue(item, depth + 1)), `${pad}</array>`];
}

function plistEntries(entries: readonly (readonly [string, ExampleValue])[], depth: number): string[] {
  return entries.flatMap(([key, value]) => [`${'\t'.repeat(depth)}<key>${escapeXml(key)}</key>`, ...plistValue(value, depth)]);
}

function renderMobileconfig(): string {
  const profileId = `${BUNDLE_ID}.policy.example`;
  const payloadId = `${profileId}.settings`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Generated by scripts/policy-templates.ts. An example: change the values, delete the keys you do not want to',
    `     enforce, give the profile your own PayloadIdentifier and PayloadUUIDs, and deliver it with your MDM. -->`,
    '<plist version="1.0">',
    '<dict>',
    '\t<key>PayloadContent</key>',
    '\t<array>',
    '\t\t<dict>',
    ...plistEntries(
      [
        ['PayloadDisplayName', 'Plenum policy'],
        ['PayloadIdentifier', payloadId],
        // A custom-settings payload: its type is the preference domain the settings are managed for.
        ['PayloadType', BUNDLE_ID],
        ['PayloadUUID', uuidV5(payloadId)],
        ['PayloadVersion', 1],
        ...POLICIES.map((policy): [string, ExampleValue] => [policy.key, plistExample(policy.key)]),
      ],
      3,
    ),
    '\t\t</dict>',
    '\t</array>',
    ...plistEntries(
      [
        ['PayloadDescription', 'Managed settings for Plenum (example values).'],
        ['PayloadDisplayName', 'Plenum policy (example)'],
        ['PayloadIdentifier', profileId],
        ['PayloadOrganization', 'Example institution'],
        ['PayloadScope', 'System'],
        ['PayloadType', 'Configuration'],
        ['PayloadUUID', uuidV5(profileId)],
        ['PayloadVersion', 1],
      ],
      1,
    ),
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The files
// ---------------------------------------------------------------------------------------------

/** Every template, by path relative to build/policy/. Pure: the same table always gives the same bytes. */
export function renderPolicyTemplates(): Map<string, string> {
  const problems = [...findTranslationProblems(), ...checkExamples()];
  if (problems.length > 0) throw new Error(`The policy templates cannot be generated:\n  ${problems.join('\n  ')}`);
  const files = new Map<string, string>();
  files.set('windows/plenum.admx', renderAdmx());
  for (const language of LANGUAGES) files.set(`windows/${ADML_CULTURES[language]}/plenum.adml`, renderAdml(language));
  files.set(`macos/${BUNDLE_ID}.mobileconfig.example`, renderMobileconfig());
  const example = Object.fromEntries(POLICIES.map((policy) => [policy.key, EXAMPLE_VALUES[policy.key]]));
  files.set('linux/policy.json.example', `${JSON.stringify(example, null, 2)}\n`);
  return files;
}

function main(): void {
  const root = path.resolve(import.meta.dirname, '..');
  for (const [relative, content] of renderPolicyTemplates()) {
    const file = path.join(root, OUTPUT_DIR, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}

// Only when run as a script: the test imports renderPolicyTemplates without writing anything.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
