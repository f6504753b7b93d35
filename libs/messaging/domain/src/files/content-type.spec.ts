import { describe, expect, it } from 'vitest';
import {
  executableSignature,
  extensionMismatch,
  isInline,
  refusalOf,
  storedTypeOf,
} from './content-type';

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new TextEncoder().encode(s);
const known = new Set(['png', 'jpg', 'pdf', 'zip', 'exe']);

describe('executable signatures', () => {
  it('knows ELF, PE, Mach-O and #! scripts by their first bytes', () => {
    expect(executableSignature(bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1))).toMatch(/ELF/);
    expect(executableSignature(text('MZ\x90\x00'))).toMatch(/Windows/);
    expect(executableSignature(bytes(0xcf, 0xfa, 0xed, 0xfe))).toMatch(/Mach-O/);
    expect(executableSignature(bytes(0xca, 0xfe, 0xba, 0xbe))).toMatch(/Mach-O|Java/);
    expect(executableSignature(text('#!/bin/sh\nrm -rf ~\n'))).toMatch(/script/);
  });

  it('leaves everything else alone, including a script without #! and a lone # comment', () => {
    expect(executableSignature(text('# a markdown title\n'))).toBeNull();
    expect(executableSignature(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(executableSignature(bytes())).toBeNull();
    expect(executableSignature(bytes(0x7f))).toBeNull();
  });
});

describe('refusal', () => {
  const png = { mime: 'image/png', ext: 'png' };

  it('refuses executables by signature or detected type, and the operator’s extra types', () => {
    expect(refusalOf(undefined, text('#!/usr/bin/env python3'), [])).toMatch(/script/);
    expect(refusalOf({ mime: 'application/x-msdownload', ext: 'exe' }, bytes(1), [])).toMatch(
      /executable/,
    );
    expect(refusalOf({ mime: 'application/x-ms-shortcut', ext: 'lnk' }, bytes(1), [])).toBeTruthy();
    const deb = { mime: 'application/x-deb', ext: 'deb' };
    expect(refusalOf(deb, bytes(1), [])).toBeNull();
    expect(refusalOf(deb, bytes(1), ['application/x-deb'])).toMatch(/refused on this server/);
  });

  it('accepts ordinary content whatever it is called', () => {
    expect(refusalOf(png, bytes(0x89, 0x50), [])).toBeNull();
    expect(refusalOf(undefined, text('hello'), [])).toBeNull();
  });
});

describe('stored type', () => {
  it('is the detected type; without one, text/plain for UTF-8 and octet-stream for the rest', () => {
    expect(storedTypeOf({ mime: 'application/pdf', ext: 'pdf' }, text('%PDF'))).toBe(
      'application/pdf',
    );
    expect(storedTypeOf(undefined, text('<svg onload="alert(1)"/>'))).toBe('text/plain');
    expect(storedTypeOf(undefined, text('季度报告'.repeat(3)).subarray(0, 10))).toBe('text/plain');
    expect(storedTypeOf(undefined, bytes(0xff, 0xfe, 0x00, 0x41))).toBe('application/octet-stream');
    expect(storedTypeOf(undefined, bytes(0xc3, 0x28, 0x41, 0x41, 0x41))).toBe(
      'application/octet-stream',
    );
  });

  it('shows only safe rasters and PDFs inline', () => {
    expect(isInline('image/png')).toBe(true);
    expect(isInline('application/pdf')).toBe(true);
    expect(isInline('image/svg+xml')).toBe(false);
    expect(isInline('text/html')).toBe(false);
    expect(isInline('image/tiff')).toBe(false);
  });
});

describe('extension mismatch', () => {
  const jpeg = { mime: 'image/jpeg', ext: 'jpg' };

  it('notes a name that claims another type than the bytes have', () => {
    expect(extensionMismatch('cat.png', jpeg, known)).toBe(true);
    expect(extensionMismatch('cat.JPEG', jpeg, known)).toBe(false);
    expect(extensionMismatch('cat.jpg', jpeg, known)).toBe(false);
    expect(extensionMismatch('cat', jpeg, known)).toBe(false);
  });

  it('without a detected type, only a recognisable claim is a mismatch', () => {
    expect(extensionMismatch('notes.png', undefined, known)).toBe(true);
    expect(extensionMismatch('notes.txt', undefined, known)).toBe(false);
    expect(extensionMismatch('.bashrc', undefined, known)).toBe(false);
  });
});
