/**
 * The element's look, inside its shadow root. Two things make it hold on any page:
 *  - the page's CSS cannot select into the shadow tree, and only inherited properties cross
 *    its boundary: `:host { all: initial !important }` cuts those too (an `!important` of
 *    the shadow tree wins over the page's, even its `!important`, for the host element);
 *  - sizes are in px, never rem/em, so `html { font-size: 40px }` changes nothing, and
 *    every element inside gets its font, size, colour and box-sizing here.
 * The sheet is adopted (`adoptedStyleSheets`), not a `<style>` element, so a host page whose
 * CSP has no 'unsafe-inline' for styles still shows it; there are no `style` attributes.
 */
export const WIDGET_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  right: 0 !important;
  bottom: 0 !important;
  width: 0 !important;
  height: 0 !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  overflow: visible !important;
  visibility: visible !important;
  opacity: 1 !important;
  transform: none !important;
  filter: none !important;
  contain: none !important;
  direction: ltr !important;
  z-index: 2147483000 !important;
}
*, *::before, *::after {
  box-sizing: border-box;
  font-family: system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif;
  font-size: 14px;
  font-style: normal;
  font-weight: 400;
  line-height: 20px;
  letter-spacing: normal;
  text-transform: none;
  color: #1d2129;
}
[hidden] { display: none !important; }
.launcher {
  position: fixed;
  right: 20px;
  bottom: 20px;
  display: flex;
  align-items: center;
  justify-content: center;
  width: 56px;
  height: 56px;
  margin: 0;
  padding: 0;
  border: 0;
  border-radius: 28px;
  background: #2f6fde;
  color: #ffffff;
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25);
  cursor: pointer;
}
.launcher:hover { background: #1f56b8; }
.launcher:focus { outline: none; }
.launcher:focus-visible { outline: 3px solid #1f56b8; outline-offset: 3px; }
.launcher.unavailable { background: #9aa1ab; cursor: not-allowed; box-shadow: none; }
.icon { display: block; width: 28px; height: 28px; fill: #ffffff; pointer-events: none; }
.badge {
  position: absolute;
  top: -4px;
  right: -4px;
  min-width: 22px;
  height: 22px;
  padding: 0 6px;
  border: 2px solid #ffffff;
  border-radius: 11px;
  background: #c62828;
  color: #ffffff;
  font-size: 12px;
  font-weight: 600;
  line-height: 18px;
  text-align: center;
  pointer-events: none;
}
.panel {
  position: fixed;
  right: 20px;
  bottom: 88px;
  width: 380px;
  height: 560px;
  max-width: calc(100vw - 16px);
  max-height: calc(100vh - 104px);
  margin: 0;
  padding: 0;
  overflow: hidden;
  border: 1px solid #e3e6ea;
  border-radius: 12px;
  background: #ffffff;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.24);
  visibility: hidden;
}
.panel.open { visibility: visible; }
.frame {
  display: block;
  width: 100%;
  height: 100%;
  margin: 0;
  padding: 0;
  border: 0;
  background: #ffffff;
}
@media (max-width: 480px) {
  .launcher { right: 12px; bottom: 12px; }
  .panel { right: 8px; bottom: 80px; max-height: calc(100vh - 88px); }
}
@media (forced-colors: active) {
  .launcher { border: 2px solid ButtonText; }
  .icon { fill: ButtonText; }
}
`;

let shared: CSSStyleSheet | null = null;

/** Gives a shadow root the widget's styles: one constructed sheet shared by every element. */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(WIDGET_CSS);
    }
    root.adoptedStyleSheets = [shared];
    return;
  }
  // Browsers before constructable stylesheets (2023): a <style>, which only a page CSP with
  // 'unsafe-inline' styles lets through — better than nothing there.
  const style = document.createElement('style');
  style.textContent = WIDGET_CSS;
  root.append(style);
}
