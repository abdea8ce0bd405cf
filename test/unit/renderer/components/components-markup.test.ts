import { describe, expect, it } from 'vitest';
import { createRawSnippet } from 'svelte';
import AppSkeleton from '../../../../src/renderer/components/AppSkeleton.svelte';
import Avatar from '../../../../src/renderer/components/Avatar.svelte';
import Badge from '../../../../src/renderer/components/Badge.svelte';
import Button from '../../../../src/renderer/components/Button.svelte';
import Dialog from '../../../../src/renderer/components/Dialog.svelte';
import Icon from '../../../../src/renderer/components/Icon.svelte';
import IconButton from '../../../../src/renderer/components/IconButton.svelte';
import Menu from '../../../../src/renderer/components/Menu.svelte';
import RadioGroup from '../../../../src/renderer/components/RadioGroup.svelte';
import SelectField from '../../../../src/renderer/components/SelectField.svelte';
import Skeleton from '../../../../src/renderer/components/Skeleton.svelte';
import Spinner from '../../../../src/renderer/components/Spinner.svelte';
import Switch from '../../../../src/renderer/components/Switch.svelte';
import TextField from '../../../../src/renderer/components/TextField.svelte';
import ToastRegion from '../../../../src/renderer/components/ToastRegion.svelte';
import { Toasts } from '../../../../src/renderer/state/toasts.svelte.ts';
import { renderHtml, tags } from './render.ts';

const textSnippet = (text: string) => createRawSnippet(() => ({ render: () => `<span>${text}</span>` }));

describe('component markup', () => {
  it('Icon is hidden from assistive technology unless it has a label', () => {
    expect(tags(renderHtml(Icon, { name: 'search' }), 'svg')[0]).toMatchObject({ 'aria-hidden': 'true' });
    const labelled = tags(renderHtml(Icon, { name: 'lock', label: 'Encrypted' }), 'svg')[0];
    expect(labelled).toMatchObject({ role: 'img', 'aria-label': 'Encrypted' });
    expect(labelled?.['aria-hidden']).toBeUndefined();
  });

  it('Badge shows nothing at zero, caps the number, and speaks its label', () => {
    expect(renderHtml(Badge, { count: 0, label: 'No unread messages' })).not.toContain('badge');
    const html = renderHtml(Badge, { count: 120, tone: 'danger', label: '120 mentions' });
    expect(html).toContain('99+');
    expect(html).toMatch(/class="sr-only[^"]*">120 mentions</);
  });

  it('Avatar asks for a 2x cropped thumbnail and is decorative', () => {
    const html = renderHtml(Avatar, { id: '@jane:example.org', name: 'Jane Doe', mxc: 'mxc://example.org/abc', size: 'lg' });
    expect(tags(html, 'img')[0]?.src).toBe('plenum-media://media/thumbnail/example.org/abc?w=80&amp;h=80&amp;m=crop');
    expect(tags(html, 'span')[0]).toMatchObject({ 'aria-hidden': 'true' });
    expect(renderHtml(Avatar, { id: '@jane:example.org', name: 'Jane Doe', mxc: null })).toMatch(/>JD</);
  });
});

describe('form controls', () => {
  it('TextField ties its label, error and hint to the input', () => {
    const html = renderHtml(TextField, { label: 'Homeserver', name: 'homeserver', value: 'x', hint: 'Your server', error: 'Not a server' });
    const input = tags(html, 'input')[0] ?? {};
    expect(tags(html, 'label')[0]?.for).toBe(input.id);
    expect(input['aria-invalid']).toBe('true');
    const described = (input['aria-describedby'] ?? '').split(' ');
    expect(described).toHaveLength(2);
    for (const id of described) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/>Not a server</);
    expect(tags(renderHtml(TextField, { label: 'Name', name: 'n', value: '' }), 'input')[0]?.['aria-invalid']).toBe('false');
  });

  it('Switch is a checkbox with the switch role and a label', () => {
    const html = renderHtml(Switch, { checked: true, label: 'Notifications', description: 'For every message' });
    const input = tags(html, 'input')[0] ?? {};
    expect(input).toMatchObject({ type: 'checkbox', role: 'switch' });
    expect(input).toHaveProperty('checked');
    expect(tags(html, 'label')[0]?.for).toBe(input.id);
    expect(html).toContain(`id="${input['aria-describedby']}"`);
  });

  it('RadioGroup is a fieldset with a legend and one checked radio', () => {
    const html = renderHtml(RadioGroup, {
      legend: 'Theme',
      name: 'theme',
      value: 'dark',
      options: [
        { value: 'light', label: 'Light' },
        { value: 'dark', label: 'Dark', description: 'Easier on the eyes at night' },
      ],
    });
    expect(html).toMatch(/<fieldset[^>]*>\s*<legend[^>]*>Theme<\/legend>/);
    const radios = tags(html, 'input');
    expect(radios.map((radio) => radio.name)).toEqual(['theme', 'theme']);
    expect(radios.filter((radio) => 'checked' in radio).map((radio) => radio.value)).toEqual(['dark']);
  });

  it('SelectField labels its select and marks the chosen option', () => {
    const html = renderHtml(SelectField, { label: 'Language', name: 'language', value: 'fr', options: [{ value: 'en', label: 'English' }, { value: 'fr', label: 'Français' }] });
    expect(tags(html, 'label')[0]?.for).toBe(tags(html, 'select')[0]?.id);
    expect(html).toMatch(/<option value="fr" selected/);
  });

  it('Button variants and the busy state', () => {
    const html = renderHtml(Button, { variant: 'danger', busy: true, children: textSnippet('Leave') });
    expect(tags(html, 'button')[0]).toMatchObject({ 'aria-busy': 'true', type: 'button' });
    expect(tags(html, 'button')[0]).toHaveProperty('disabled');
    expect(tags(html, 'button')[0]?.class).toContain('danger');
  });
});

describe('composite widgets', () => {
  it('IconButton is named by its label, passes ARIA attributes on and reports pressed', () => {
    const html = renderHtml(IconButton, { icon: 'star', label: 'Favourite', pressed: true, 'aria-controls': 'panel', 'data-testid': 'fav' });
    expect(tags(html, 'button')[0]).toMatchObject({ 'aria-label': 'Favourite', 'aria-pressed': 'true', 'aria-controls': 'panel', 'data-testid': 'fav' });
    // The tooltip repeats the name visually only.
    expect(html).toMatch(/<span[^>]*popover="manual"[^>]*aria-hidden="true"[^>]*>Favourite</);
  });

  it('Menu is a menu button wired to its menu', () => {
    const html = renderHtml(Menu, {
      label: 'Room options',
      icon: 'more',
      items: [
        { id: 'a', label: 'Mark as read', onselect: () => undefined },
        { id: 'b', label: 'Leave', danger: true, onselect: () => undefined },
        { id: 'c', label: 'Disabled', disabled: true, onselect: () => undefined },
      ],
    });
    const button = tags(html, 'button')[0] ?? {};
    expect(button).toMatchObject({ 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': 'Room options' });
    const menu = tags(html, 'div').find((div) => div.role === 'menu') ?? {};
    expect(menu.id).toBe(button['aria-controls']);
    expect(menu['aria-labelledby']).toBe(button.id);
    const items = tags(html, 'div').filter((div) => div.role === 'menuitem');
    expect(items).toHaveLength(3);
    expect(items.map((item) => item['aria-disabled'])).toEqual([undefined, undefined, 'true']);
  });

  it('Dialog names itself by its title and has a translated close button once open', () => {
    const closed = renderHtml(Dialog, { open: false, title: 'New room', children: textSnippet('Body') });
    expect(closed).not.toContain('New room');
    const html = renderHtml(Dialog, { open: true, title: 'Neuer Raum', description: 'Ein Ort für Gespräche', children: textSnippet('Body') }, { language: 'de' });
    const dialog = tags(html, 'dialog')[0] ?? {};
    expect(html).toMatch(new RegExp(`<h2 id="${dialog['aria-labelledby']}"[^>]*>Neuer Raum</h2>`));
    expect(html).toContain(`id="${dialog['aria-describedby']}"`);
    expect(tags(html, 'button').map((button) => button['aria-label'])).toContain('Schließen');
  });

  it('ToastRegion announces errors as alerts and the rest politely', () => {
    const toasts = new Toasts();
    toasts.show('Room created', { tone: 'success' });
    toasts.show('Could not leave the room', { tone: 'error', action: { label: 'Try again', run: () => undefined } });
    const html = renderHtml(ToastRegion, {}, { toasts });
    expect(html).toMatch(/role="alert"[^>]*>[\s\S]*Could not leave the room[\s\S]*Try again[\s\S]*role="status"/);
    expect(html).toMatch(/role="status"[^>]*>[\s\S]*Room created/);
    expect(tags(html, 'section')[0]?.['aria-label']).toBe('Notifications');
  });

  it('Spinner and the skeletons tell screen readers what is loading and hide their shapes', () => {
    expect(renderHtml(Spinner, { label: 'Loading rooms' })).toMatch(/role="status"[\s\S]*>Loading rooms</);
    expect(tags(renderHtml(Skeleton, { lines: 3, avatar: true }), 'div')[0]?.['aria-hidden']).toBe('true');
    const app = renderHtml(AppSkeleton, { label: 'Opening your session…' });
    expect(tags(app, 'div')[0]).toMatchObject({ role: 'status', 'aria-busy': 'true' });
    expect(app).toContain('Opening your session…');
  });
});
