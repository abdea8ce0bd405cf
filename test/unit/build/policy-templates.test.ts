/**
 * The policy templates in build/policy/ are generated from src/shared/policy/policy-schema.ts by
 * scripts/policy-templates.ts and checked in. These tests render them again in memory and compare,
 * then check what Group Policy, macOS and the Linux reader depend on: well-formed XML, every policy
 * with its value name and the element its type needs, every $(string.…)/$(presentation.…) reference
 * resolved in each language, example values of the right type that pass the policy's own check, and
 * a row for every policy in docs/deployment.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  ADML_CULTURES,
  ADMX_NAMESPACE,
  BUNDLE_ID,
  EXAMPLE_VALUES,
  findTranslationProblems,
  OUTPUT_DIR,
  POLICY_TEXTS,
  REGISTRY_KEY,
  REGISTRY_TYPES,
  renderPolicyTemplates,
  uuidV5,
} from '../../../scripts/policy-templates.ts';
import { checkPolicyValue, POLICIES, type PolicyDefinition } from '../../../src/shared/policy/policy-schema.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const REGENERATE = 'run `./scripts/npm run policy:templates` and check the files in';
const rendered = renderPolicyTemplates();
const read = (relative: string): string => readFileSync(path.join(root, OUTPUT_DIR, relative), 'utf8');

// ---------------------------------------------------------------------------------------------
// A small XML reader: enough to prove the files well-formed (balanced tags, quoted attributes,
// known entities, one root) and to walk them. No DTDs, CDATA or processing instructions past the
// declaration: the templates use none.
// ---------------------------------------------------------------------------------------------

interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`a bare & near offset ${at}`);
  return raw.replace(ENTITY, (_m, name?: string, dec?: string, hex?: string) =>
    name ? NAMED[name]! : String.fromCodePoint(dec ? Number(dec) : Number.parseInt(hex!, 16)),
  );
}

function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const skipMisc = (allowDoctype: boolean): void => {
    for (;;) {
      const ws = /\s*/y;
      ws.lastIndex = i;
      ws.exec(source);
      i = ws.lastIndex;
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i + 4);
        if (end < 0 || source.slice(i + 4, end).includes('--')) throw new Error(`a broken comment at ${i}`);
        i = end + 3;
      } else if (allowDoctype && source.startsWith('<!DOCTYPE', i)) {
        const end = source.indexOf('>', i);
        if (end < 0) throw new Error(`an unterminated DOCTYPE at ${i}`);
        i = end + 1;
      } else return;
    }
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) throw new Error('an unterminated XML declaration');
    i = end + 2;
  }
  skipMisc(true);
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
  while (i < source.length) {
    if (stack.length === 0) {
      if (root) {
        skipMisc(false);
        if (i < source.length) throw new Error(`content after the root element at ${i}`);
        break;
      }
    }
    if (source.startsWith('<!--', i)) {
      skipMisc(false);
      continue;
    }
    if (source[i] !== '<') {
      const next = source.indexOf('<', i);
      const end = next < 0 ? source.length : next;
      const text = source.slice(i, end);
      if (stack.length === 0) {
        if (text.trim()) throw new Error(`text outside the root element at ${i}`);
      } else {
        if (text.includes(']]>')) throw new Error(`]]> in text at ${i}`);
        stack.at(-1)!.text += decode(text, i);
      }
      i = end;
      continue;
    }
    tag.lastIndex = i;
    const match = tag.exec(source);
    if (!match) throw new Error(`a malformed tag at ${i}: ${source.slice(i, i + 40)}`);
    const [, closing, name, attrText, selfClosing] = match as unknown as [string, string, string, string, string];
    if (closing) {
      if (attrText.trim() || selfClosing) throw new Error(`a malformed closing tag </${name}> at ${i}`);
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> at ${i} closes <${open?.name ?? 'nothing'}>`);
    } else {
      const attributes: Record<string, string> = {};
      for (const [, attr, value] of attrText.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/g) as Iterable<[string, string, string]>) {
        if (attr in attributes) throw new Error(`<${name}> at ${i} repeats the attribute ${attr}`);
        attributes[attr] = decode(value, i);
      }
      const element: XmlElement = { name, attributes, children: [], text: '' };
      if (stack.length > 0) stack.at(-1)!.children.push(element);
      else if (root) throw new Error(`a second root element at ${i}`);
      else root = element;
      if (!selfClosing) stack.push(element);
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

const child = (element: XmlElement, name: string): XmlElement => {
  const found = element.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}> children, expected one`);
  return found[0]!;
};
const children = (element: XmlElement, name: string): XmlElement[] => element.children.filter((c) => c.name === name);
const walk = (element: XmlElement): XmlElement[] => [element, ...element.children.flatMap(walk)];

/** A property list as plain values: <dict> to objects, <array> to arrays, <integer> to numbers. */
type PlistValue = boolean | number | string | PlistValue[] | { [key: string]: PlistValue };
function plistValue(element: XmlElement): PlistValue {
  switch (element.name) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'integer':
      if (!/^-?\d+$/.test(element.text)) throw new Error(`<integer>${element.text}</integer>`);
      return Number(element.text);
    case 'string':
      return element.text;
    case 'array':
      return element.children.map(plistValue);
    case 'dict': {
      const result: Record<string, PlistValue> = {};
      for (let index = 0; index < element.children.length; index += 2) {
        const key = element.children[index]!;
        const value = element.children[index + 1];
        if (key.name !== 'key' || !value) throw new Error('a <dict> whose children are not key/value pairs');
        if (key.text in result) throw new Error(`the key ${key.text} twice in one <dict>`);
        result[key.text] = plistValue(value);
      }
      return result;
    }
    default:
      throw new Error(`<${element.name}> is not a plist value here`);
  }
}

/**
 * Whether a value has the type a policy's reader takes from the file. The macOS reader reads
 * CFStrings, not arrays, so there a list is one comma-separated string (`listAs: 'string'`).
 */
function hasPolicyType(policy: PolicyDefinition, value: unknown, listAs: 'array' | 'string' = 'array'): boolean {
  switch (policy.type.kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'string':
    case 'enum':
      return typeof value === 'string';
    case 'string-list':
      if (listAs === 'string') return typeof value === 'string';
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

describe('the XML reader of this test', () => {
  it('accepts what it should and refuses unbalanced tags, bare ampersands and stray roots', () => {
    expect(parseXml('<?xml version="1.0"?>\n<!-- c --><a x="1 &amp; 2"><b/>t&lt;</a>\n').attributes['x']).toBe('1 & 2');
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes/);
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow(/bare &/);
    expect(() => parseXml('<a/><b/>')).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/repeats/);
    expect(() => parseXml('<a x=1/>')).toThrow(/malformed/);
  });
});

describe('policy templates', () => {
  it('are checked in exactly as scripts/policy-templates.ts renders them', () => {
    for (const [relative, content] of rendered) expect(read(relative), `${OUTPUT_DIR}/${relative} is out of date: ${REGENERATE}`).toBe(content);
    const onDisk = readdirSync(path.join(root, OUTPUT_DIR), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(path.join(root, OUTPUT_DIR), path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .sort();
    expect(onDisk, `files in ${OUTPUT_DIR} the generator does not write: delete them, or ${REGENERATE}`).toEqual([...rendered.keys()].sort());
  });

  it('render the same bytes every time', () => {
    expect([...renderPolicyTemplates()]).toEqual([...rendered]);
  });

  it('have an English, German and French name, summary and labels for every policy', () => {
    expect(findTranslationProblems()).toEqual([]);
  });

  it('refuse to render when a translation is missing or stale, naming the policy', () => {
    const { de: _de, ...withoutGerman } = POLICY_TEXTS.ProxyServer;
    const missing = { ...POLICY_TEXTS, ProxyServer: withoutGerman as unknown as (typeof POLICY_TEXTS)['ProxyServer'] };
    expect(findTranslationProblems(missing)).toEqual(['ProxyServer: no de name']);
    const stale = { ...POLICY_TEXTS, ProxyMode: { ...POLICY_TEXTS.ProxyMode, translatedFrom: 'An older summary.' } };
    expect(findTranslationProblems(stale)).toEqual([expect.stringMatching(/^ProxyMode: its summary changed/)]);
    const { DefaultLanguage: _dropped, ...withoutPolicy } = POLICY_TEXTS;
    expect(findTranslationProblems(withoutPolicy)).toEqual([expect.stringMatching(/^DefaultLanguage: no texts/)]);
  });

  it('use UUIDs derived from names (RFC 4122 version 5)', () => {
    // The RFC's own example: the DNS namespace and "www.example.com".
    expect(uuidV5('www.example.com')).toBe('2ED6657D-E927-568B-95E1-2665A8AEA6A2');
  });
});

describe('the ADMX and ADML files', () => {
  const admx = parseXml(rendered.get('windows/plenum.admx')!);
  const admls = Object.values(ADML_CULTURES).map((culture) => ({ culture, root: parseXml(rendered.get(`windows/${culture}/plenum.adml`)!) }));
  const policies = children(child(admx, 'policies'), 'policy');

  it('declare the Plenum.Policies namespace, a Plenum category and a subcategory per policy category', () => {
    expect(admx.name).toBe('policyDefinitions');
    expect(child(child(admx, 'policyNamespaces'), 'target').attributes['namespace']).toBe(ADMX_NAMESPACE);
    const categories = children(child(admx, 'categories'), 'category');
    const rootCategory = categories.find((category) => category.children.length === 0);
    expect(rootCategory?.attributes['name']).toBe('Plenum');
    for (const category of categories.filter((c) => c !== rootCategory)) {
      expect(child(category, 'parentCategory').attributes['ref']).toBe('Plenum');
    }
    const names = new Set(categories.map((category) => category.attributes['name']));
    for (const policy of POLICIES) expect(names, policy.key).toContain(`Plenum_${policy.category}`);
  });

  it('hold every policy, in the table order, for computer and user, under SOFTWARE\\Policies\\Plenum', () => {
    expect(policies.map((policy) => policy.attributes['name'])).toEqual(POLICIES.map((policy) => policy.key));
    const supported = new Set(children(child(child(admx, 'supportedOn'), 'definitions'), 'definition').map((d) => d.attributes['name']));
    for (const element of policies) {
      const definition = POLICIES.find((policy) => policy.key === element.attributes['name'])!;
      expect(element.attributes['class'], definition.key).toBe('Both');
      expect(element.attributes['key'], definition.key).toBe(REGISTRY_KEY);
      expect(child(element, 'parentCategory').attributes['ref']).toBe(`Plenum_${definition.category}`);
      expect(supported).toContain(child(element, 'supportedOn').attributes['ref']);
    }
  });

  it('write each policy under its own key as the value name, with the element its type needs', () => {
    for (const element of policies) {
      const policy = POLICIES.find((p) => p.key === element.attributes['name'])! as PolicyDefinition;
      const { key, type } = policy;
      if (type.kind === 'boolean') {
        expect(element.attributes['valueName'], key).toBe(key);
        expect(child(child(element, 'enabledValue'), 'decimal').attributes['value'], key).toBe('1');
        expect(child(child(element, 'disabledValue'), 'decimal').attributes['value'], key).toBe('0');
        expect(children(element, 'elements'), key).toEqual([]);
        continue;
      }
      // With elements, a valueName on the policy itself would also get a DWORD 1/0 written to it.
      expect(element.attributes['valueName'], key).toBeUndefined();
      const [value, ...others] = child(element, 'elements').children;
      expect(others, key).toEqual([]);
      expect(value?.attributes['id'], key).toBe(key);
      expect(value?.attributes['valueName'], key).toBe(key);
      expect(value?.attributes['key'], `${key} inherits the policy's key`).toBeUndefined();
      switch (type.kind) {
        case 'string':
          expect(value?.name, key).toBe('text');
          expect(value?.attributes['maxLength'], key).toBe(String(type.maxLength));
          break;
        case 'integer':
          expect(value?.name, key).toBe('decimal');
          expect([value?.attributes['minValue'], value?.attributes['maxValue']], key).toEqual([String(type.min), String(type.max)]);
          break;
        case 'enum':
          expect(value?.name, key).toBe('enum');
          expect(children(value!, 'item').map((item) => child(child(item, 'value'), 'string').text), key).toEqual(type.values);
          break;
        case 'string-list':
          expect(value?.name, key).toBe('multiText');
          expect(value?.attributes['maxStrings'], key).toBe(String(type.maxItems));
          break;
      }
    }
  });

  it('resolve every $(string.…) and $(presentation.…) reference in every language', () => {
    const references = walk(admx).flatMap((element) =>
      Object.values(element.attributes).flatMap((value) => [...value.matchAll(/\$\((string|presentation)\.([^)]+)\)/g)]),
    );
    const strings = new Set(references.filter((ref) => ref[1] === 'string').map((ref) => ref[2]!));
    const presentations = new Set(references.filter((ref) => ref[1] === 'presentation').map((ref) => ref[2]!));
    expect(strings.size).toBeGreaterThan(POLICIES.length * 2);
    for (const { culture, root: adml } of admls) {
      expect(adml.name, culture).toBe('policyDefinitionResources');
      const resources = child(adml, 'resources');
      const table = children(child(resources, 'stringTable'), 'string');
      const ids = table.map((string) => string.attributes['id']);
      expect(new Set(ids).size, `${culture}: a string id twice`).toBe(ids.length);
      expect(new Set(ids), `${culture}: the strings the ADMX uses, no more`).toEqual(strings);
      for (const string of table) expect(string.text.trim(), `${culture}: ${string.attributes['id']}`).not.toBe('');
      const shown = children(child(resources, 'presentationTable'), 'presentation');
      expect(new Set(shown.map((p) => p.attributes['id'])), culture).toEqual(presentations);
      for (const presentation of shown) {
        const policy = policies.find((p) => p.attributes['presentation'] === `$(presentation.${presentation.attributes['id']})`)!;
        const elementIds = child(policy, 'elements').children.map((element) => element.attributes['id']);
        expect(presentation.children.map((control) => control.attributes['refId']), `${culture}: ${presentation.attributes['id']}`).toEqual(elementIds);
      }
    }
  });

  it('explain each policy in German and French with its own translated summary', () => {
    for (const { culture, root: adml } of admls) {
      const language = culture.slice(0, 2) as 'en' | 'de' | 'fr';
      const table = children(child(child(adml, 'resources'), 'stringTable'), 'string');
      for (const policy of POLICIES) {
        const explain = table.find((string) => string.attributes['id'] === `${policy.key}_Explain`)!.text;
        const summary = language === 'en' ? policy.summary : POLICY_TEXTS[policy.key][language].summary!;
        expect(explain.startsWith(summary), `${culture}: ${policy.key}`).toBe(true);
        expect(explain, `${culture}: ${policy.key}`).toContain(REGISTRY_TYPES[policy.type.kind]);
      }
    }
  });
});

describe('the macOS configuration profile example', () => {
  const builder = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { appId: string };
  const file = `macos/${BUNDLE_ID}.mobileconfig.example`;
  const plist = parseXml(rendered.get(file)!);
  const profile = plistValue(child(plist, 'dict')) as Record<string, PlistValue>;

  it('is for the app’s real bundle ID', () => {
    expect(BUNDLE_ID).toBe(builder.appId);
    expect(rendered.has(file)).toBe(true);
    expect(profile['PayloadType']).toBe('Configuration');
    const payloads = profile['PayloadContent'] as Record<string, PlistValue>[];
    expect(payloads).toHaveLength(1);
    expect(payloads[0]!['PayloadType']).toBe(builder.appId);
    const uuids = [profile['PayloadUUID'], payloads[0]!['PayloadUUID']];
    for (const uuid of uuids) expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(new Set(uuids).size).toBe(2);
  });

  it('sets every policy to a value of the right plist type that passes the policy’s check', () => {
    const settings = (profile['PayloadContent'] as Record<string, PlistValue>[])[0]!;
    const wrong = POLICIES.filter(
      (policy) => !hasPolicyType(policy, settings[policy.key], 'string') || checkPolicyValue(policy, settings[policy.key]) === undefined,
    );
    expect(wrong.map((policy) => policy.key)).toEqual([]);
    expect(Object.keys(settings).filter((key) => !key.startsWith('Payload'))).toEqual(POLICIES.map((policy) => policy.key));
    // The same values as the other examples, lists joined.
    for (const policy of POLICIES) {
      const example = EXAMPLE_VALUES[policy.key];
      expect(settings[policy.key], policy.key).toEqual(Array.isArray(example) ? example.join(', ') : example);
    }
  });
});

describe('the Linux policy.json example', () => {
  const example = JSON.parse(rendered.get('linux/policy.json.example')!) as Record<string, unknown>;

  it('sets every policy, and nothing else, to a value of the right JSON type that passes the policy’s check', () => {
    expect(Object.keys(example)).toEqual(POLICIES.map((policy) => policy.key));
    const wrong = POLICIES.filter((policy) => !hasPolicyType(policy, example[policy.key]) || checkPolicyValue(policy, example[policy.key]) === undefined);
    expect(wrong.map((policy) => policy.key)).toEqual([]);
    expect(example).toEqual(EXAMPLE_VALUES);
  });
});

describe('docs/deployment.md', () => {
  const doc = readFileSync(path.join(root, 'docs/deployment.md'), 'utf8');
  const rows = new Map(
    doc
      .split('\n')
      .map((line) => /^\|\s*`([A-Za-z]+)`\s*\|/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1]!, match.input]),
  );

  it('has a table row for every policy key', () => {
    expect(POLICIES.map((policy) => policy.key).filter((key) => !rows.has(key)), 'policies docs/deployment.md does not document').toEqual([]);
  });

  it('gives each policy its registry type and example value', () => {
    for (const policy of POLICIES) {
      const row = rows.get(policy.key) ?? '';
      expect(row, policy.key).toContain(REGISTRY_TYPES[policy.type.kind]);
      const example = EXAMPLE_VALUES[policy.key];
      expect(row, policy.key).toContain(Array.isArray(example) ? JSON.stringify(example) : String(example));
    }
  });

  it('names the registry key, the Linux file and the macOS preference domain', () => {
    expect(doc).toContain(REGISTRY_KEY);
    expect(doc).toContain('/etc/plenum/policy.json');
    expect(doc).toContain(BUNDLE_ID);
  });
});
