import { describe, expect, it } from 'vitest';
import { normaliseHomeserverInput } from '../../../src/renderer/lib/homeserver-input.ts';

describe('normaliseHomeserverInput', () => {
  it.each([
    ['matrix.example.org', 'https://matrix.example.org'],
    ['  matrix.example.org:8448 ', 'https://matrix.example.org:8448'],
    ['http://127.0.0.1:8008', 'http://127.0.0.1:8008'],
    ['HTTPS://Matrix.Example.org', 'HTTPS://Matrix.Example.org'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseHomeserverInput(input)).toBe(expected);
  });
});
