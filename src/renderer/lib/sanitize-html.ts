/**
 * Sanitises a message's `formatted_body` (org.matrix.custom.html) against the allowlist of the
 * client-server spec ("m.room.message msgtypes", HTML). The sender's client wrote that HTML, so it is
 * hostile until this has run: DOMPurify parses it in an inert document and rebuilds it from the
 * parsed tree, and the hooks below narrow its rules to the spec's tags, per-tag attributes, link
 * schemes and mxc:-only images.
 *
 * The result is a DocumentFragment, never a string: inserting nodes avoids a second parse (where
 * mutation XSS lives) and keeps the page's CSP intact, since nothing here becomes a style attribute.
 * Colours survive as data-mx-* attributes (hex only) and are applied through the CSSOM by
 * applyMatrixColours() once the nodes are in the page.
 */
import createDOMPurify, { type DOMPurify, type UponSanitizeAttributeHookEvent } from 'dompurify';
import { parseMxcUri } from '../../shared/matrix/mxc-uri.ts';

export interface SanitizeOptions {
  /** The URL to show an inline image from (an mxc:// URI); null drops the image. */
  readonly imageSource: (mxc: string) => string | null;
}

const TAGS = [
  'font', 'del', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'p', 'a', 'ul', 'ol', 'sup', 'sub', 'li', 'b', 'i', 'u',
  'strong', 'em', 's', 'code', 'hr', 'br', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'pre', 'span',
  'img', 'details', 'summary',
];

/** The only attributes each tag may keep (the spec's list); every other attribute goes. */
const ATTRIBUTES_BY_TAG: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['font', new Set(['data-mx-bg-color', 'data-mx-color', 'color'])],
  ['span', new Set(['data-mx-bg-color', 'data-mx-color', 'data-mx-spoiler'])],
  ['a', new Set(['name', 'target', 'href'])],
  ['img', new Set(['width', 'height', 'alt', 'title', 'src'])],
  ['ol', new Set(['start'])],
  ['code', new Set(['class'])],
]);
const ALL_ATTRIBUTES = [...new Set([...ATTRIBUTES_BY_TAG.values()].flatMap((names) => [...names]))];

const NON_URL_ATTRIBUTES = ['data-mx-bg-color', 'data-mx-color', 'data-mx-spoiler', 'color', 'name', 'target', 'width', 'height', 'start'];
const LINK_SCHEMES = /^(?:https?|ftp|mailto|magnet):/i;
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const COLOUR_ATTRIBUTES = new Set(['data-mx-bg-color', 'data-mx-color', 'color']);
const LANGUAGE_CLASS = /^language-[A-Za-z0-9_+-]{1,40}$/;
const PIXELS = /^[0-9]{1,5}$/;
/** Deeper elements are flattened into their text: no layout or stack trouble from pathological nesting. */
export const MAX_NESTING = 100;

let purifier: DOMPurify | undefined;
/** The image URL decided per <img> while its attributes are checked, applied once they are done. */
const imageUrls = new WeakMap<Element, string>();
let currentOptions: SanitizeOptions | undefined;

function keepAttribute(node: Element, event: UponSanitizeAttributeHookEvent): void {
  const tag = node.nodeName.toLowerCase();
  const name = event.attrName;
  const value = event.attrValue;
  if (!ATTRIBUTES_BY_TAG.get(tag)?.has(name)) {
    event.keepAttr = false;
    return;
  }
  if (COLOUR_ATTRIBUTES.has(name) && !HEX_COLOUR.test(value)) event.keepAttr = false;
  else if (name === 'href' && !LINK_SCHEMES.test(value)) event.keepAttr = false;
  else if (name === 'class') {
    const languages = value.split(/\s+/).filter((token) => LANGUAGE_CLASS.test(token));
    if (languages.length === 0) event.keepAttr = false;
    else event.attrValue = languages.join(' ');
  } else if (name === 'start' && !/^-?[0-9]{1,9}$/.test(value)) event.keepAttr = false;
  else if ((name === 'width' || name === 'height') && !PIXELS.test(value)) event.keepAttr = false;
  else if (tag === 'img' && name === 'src') {
    // DOMPurify would refuse mxc: as a URL scheme; the real URL is set after the other checks.
    const url = parseMxcUri(value) && currentOptions ? currentOptions.imageSource(value) : null;
    if (url) imageUrls.set(node, url);
    event.keepAttr = false;
  }
}

function finishElement(node: Element): void {
  const tag = node.nodeName.toLowerCase();
  if (tag === 'img') {
    const url = imageUrls.get(node);
    if (url) node.setAttribute('src', url);
    else node.remove();
  } else if (tag === 'a') {
    if (node.hasAttribute('href')) {
      // Links leave the app through main's external-link gate; never give the opened page a handle on this one.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('target');
    }
  }
}

function instance(): DOMPurify {
  if (purifier) return purifier;
  const made = createDOMPurify(window);
  made.addHook('uponSanitizeAttribute', keepAttribute);
  made.addHook('afterSanitizeAttributes', finishElement);
  purifier = made;
  return made;
}

function flattenDeepNesting(root: DocumentFragment): void {
  const visit = (parent: ParentNode, depth: number): void => {
    for (const child of [...parent.children]) {
      if (depth >= MAX_NESTING) child.replaceWith(child.ownerDocument.createTextNode(child.textContent ?? ''));
      else visit(child, depth + 1);
    }
  };
  visit(root, 0);
}

/** The allowed part of `html` as nodes for this document; plain text never comes through here. */
export function sanitizeHtml(html: string, options: SanitizeOptions): DocumentFragment {
  const purify = instance();
  currentOptions = options;
  try {
    const fragment = purify.sanitize(html, {
      ALLOWED_TAGS: TAGS,
      ALLOWED_ATTR: ALL_ATTRIBUTES,
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      ALLOWED_URI_REGEXP: LINK_SCHEMES,
      // Values DOMPurify would otherwise test as URLs; keepAttribute() has checked each one's form.
      ADD_URI_SAFE_ATTR: NON_URL_ATTRIBUTES,
      // A reply's quoted fallback is dropped with its contents; scripts and styles are anyway.
      ADD_FORBID_CONTENTS: ['mx-reply'],
      RETURN_DOM_FRAGMENT: true,
    });
    flattenDeepNesting(fragment);
    return document.importNode(fragment, true);
  } finally {
    currentOptions = undefined;
  }
}

/**
 * Shows the sender's colours once the sanitised nodes are in the page. Through the CSSOM, which the
 * CSP allows, unlike style attributes; the values were checked to be #RRGGBB by sanitizeHtml().
 */
export function applyMatrixColours(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-mx-color], [data-mx-bg-color], font[color]')) {
    const colour = element.getAttribute('data-mx-color') ?? element.getAttribute('color');
    const background = element.getAttribute('data-mx-bg-color');
    if (colour && HEX_COLOUR.test(colour)) element.style.color = colour;
    if (background && HEX_COLOUR.test(background)) element.style.backgroundColor = background;
  }
}
