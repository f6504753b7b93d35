import { describe, expect, it } from 'vitest';
import { checkPixels, displayedSize } from './image-rules';

describe('image rules', () => {
  it('refuses a header claiming more pixels than the limit', () => {
    expect(() => checkPixels({ width: 100_000, height: 100_000 }, 50_000_000)).toThrow(
      expect.objectContaining({ code: 'messaging.file.pixel_flood', kind: 'unprocessable' }),
    );
    expect(() => checkPixels({ width: 8000, height: 6000 }, 50_000_000)).not.toThrow();
  });

  it('turns the size by the EXIF orientation', () => {
    expect(displayedSize({ width: 4000, height: 3000, orientation: 6 })).toEqual({
      width: 3000,
      height: 4000,
    });
    expect(displayedSize({ width: 4000, height: 3000, orientation: 1 })).toEqual({
      width: 4000,
      height: 3000,
    });
  });
});
