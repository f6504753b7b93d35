import {
  badgeText,
  buttonLabel,
  frameTitle,
  panelLabel,
  resolveLang,
  unavailableText,
  type WidgetLang,
} from './lang';
import { frameUrl } from './origin';
import {
  configMessage,
  elementEventFor,
  LOADER_ERRORS,
  parseFrameMessage,
  READY_TIMEOUT_MS,
  tokenMessage,
  visibleMessage,
  type PageMessage,
} from './protocol';
import { adoptStyles } from './styles';

export const TAG = 'tidings-chat';

/** What the page supplies in token mode: a widget token minted by its own backend. */
export type TokenProvider = () => Promise<string>;

const SVG = 'http://www.w3.org/2000/svg';
/** A speech bubble; drawn with DOM calls, not markup, so a page with Trusted Types allows it. */
const ICON_PATH =
  'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-4.5 3.6A.9.9 0 0 1 3 20.9V6a2 2 0 0 1 1-2z' +
  'M7 9.5h10v1.6H7zm0 3.4h7v1.6H7z';

/**
 * `<tidings-chat>` for the Tidings at `tidingsOrigin` (docs/widget.md, "The element"): a
 * button with the unread badge and a panel holding the chat's iframe, in a shadow root. The
 * root is open: a closed one hides nothing from the page's scripts (they share the realm and
 * can drive the element anyway), while an open one lets test tools and the page's own checks
 * see the button. The element only relays: it holds no token and no message, and talks to its own
 * iframe alone, at the Tidings origin alone.
 */
export function tidingsChatClass(tidingsOrigin: string): CustomElementConstructor {
  return class TidingsChat extends HTMLElement {
    static readonly observedAttributes = ['context', 'title', 'members', 'link', 'lang', 'open'];

    readonly #button: HTMLButtonElement;
    readonly #badge: HTMLSpanElement;
    readonly #panel: HTMLDivElement;
    #frame: HTMLIFrameElement | null = null;
    #isOpen = false;
    /** Whether the frame said `ready` since it (re)loaded: only then is `config` worth sending. */
    #ready = false;
    #unavailable = false;
    #unread = 0;
    #readyTimer: ReturnType<typeof setTimeout> | undefined;
    #tokenProvider: TokenProvider | null = null;
    #tokenPending = false;

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      adoptStyles(root);
      this.#button = document.createElement('button');
      this.#button.type = 'button';
      this.#button.className = 'launcher';
      this.#button.dataset['testid'] = 'widget-button';
      this.#button.setAttribute('aria-haspopup', 'dialog');
      this.#button.setAttribute('aria-expanded', 'false');
      this.#button.setAttribute('aria-controls', 'panel');
      this.#button.append(chatIcon());
      this.#badge = document.createElement('span');
      this.#badge.className = 'badge';
      this.#badge.dataset['testid'] = 'widget-badge';
      this.#badge.setAttribute('aria-hidden', 'true'); // the button's label says the count
      this.#badge.hidden = true;
      this.#button.append(this.#badge);
      this.#panel = document.createElement('div');
      this.#panel.id = 'panel';
      this.#panel.className = 'panel';
      this.#panel.dataset['testid'] = 'widget-panel';
      this.#panel.setAttribute('role', 'dialog');
      // The element's `title` attribute names the context conversation: not a tooltip here.
      this.#panel.title = '';
      root.append(this.#panel, this.#button);
      // A real <button>: Enter and Space click it.
      this.#button.addEventListener('click', () => {
        if (!this.#unavailable) this.#setOpen(!this.#isOpen, { focusFrame: true });
      });
      root.addEventListener('keydown', (event) => {
        const key = (event as KeyboardEvent).key;
        if (key === 'Escape' && this.#isOpen) this.#setOpen(false, { focusButton: true });
      });
    }

    get tokenProvider(): TokenProvider | null {
      return this.#tokenProvider;
    }

    /** Set before or after the frame is ready: a change re-sends `config` (its `tokenMode`). */
    set tokenProvider(provider: TokenProvider | null | undefined) {
      this.#tokenProvider = typeof provider === 'function' ? provider : null;
      this.#sendConfig();
    }

    open(): void {
      this.#setOpen(true, { focusFrame: true });
    }

    close(): void {
      // Focus goes back to the button only when it was in the widget, not from the page.
      this.#setOpen(false, { focusButton: document.activeElement === this });
    }

    toggle(): void {
      if (this.#isOpen) this.close();
      else this.open();
    }

    connectedCallback(): void {
      window.addEventListener('message', this.#onMessage);
      if (!this.#frame) {
        // Created at once, in the hidden panel, so the badge shows unread before any click.
        this.#frame = document.createElement('iframe');
        this.#frame.className = 'frame';
        this.#frame.src = frameUrl(tidingsOrigin, location.origin, this.#lang());
        this.#frame.setAttribute('allow', 'clipboard-write');
        this.#panel.append(this.#frame);
      }
      // A (re)inserted iframe loads afresh and will say `ready` again.
      this.#ready = false;
      if (!this.dataset['state']) this.#setState('loading');
      this.#startReadyTimer();
      this.#render();
      // Opening from the attribute does not pull focus away from the page as it loads.
      if (this.hasAttribute('open')) this.#setOpen(true, {});
    }

    disconnectedCallback(): void {
      window.removeEventListener('message', this.#onMessage);
      clearTimeout(this.#readyTimer);
    }

    attributeChangedCallback(name: string, previous: string | null, next: string | null): void {
      if (previous === next || !this.isConnected) return; // connectedCallback reads them all
      if (name === 'open') this.#setOpen(next !== null, { focusFrame: next !== null });
      else {
        this.#render();
        this.#sendConfig();
      }
    }

    readonly #onMessage = (event: MessageEvent): void => {
      // Our iframe, at the Tidings origin: nothing another frame or window posts counts.
      const frameWindow = this.#frame?.contentWindow;
      if (!frameWindow || event.source !== frameWindow || event.origin !== tidingsOrigin) return;
      const message = parseFrameMessage(event.data);
      if (!message) return;
      const elementEvent = elementEventFor(message, this.#unread);
      switch (message.type) {
        case 'state':
          this.#setState(message.signedIn ? 'signed-in' : 'signed-out');
          break;
        case 'signin-required':
          this.#setState('signin-required');
          break;
        case 'ready':
          this.#ready = true;
          clearTimeout(this.#readyTimer);
          this.#unavailable = false;
          this.#sendConfig();
          this.#post(visibleMessage(this.#isOpen)); // a reloaded frame starts hidden
          this.#render();
          break;
        case 'need-token':
          void this.#supplyToken();
          break;
        case 'unread':
          this.#unread = message.count;
          this.#render();
          break;
        case 'close':
          this.#setOpen(false, { focusButton: true });
          break;
        default:
          break;
      }
      if (elementEvent) this.#dispatch(elementEvent.name, elementEvent.detail);
    };

    #lang(): WidgetLang {
      return resolveLang(
        this.getAttribute('lang'),
        document.documentElement.getAttribute('lang'),
        navigator.language,
      );
    }

    #setOpen(open: boolean, focus: { focusFrame?: boolean; focusButton?: boolean }): void {
      if (open && this.#unavailable) return;
      if (open !== this.#isOpen) {
        this.#isOpen = open;
        this.#panel.classList.toggle('open', open);
        this.#button.setAttribute('aria-expanded', String(open));
        this.#post(visibleMessage(open)); // the frame marks messages read only while visible
      }
      if (open && focus.focusFrame) this.#frame?.focus();
      if (!open && focus.focusButton) this.#button.focus();
    }

    #render(): void {
      const lang = this.#lang();
      const label = buttonLabel(lang, this.#unread);
      this.#button.setAttribute('aria-label', label);
      this.#button.title = this.#unavailable ? unavailableText(lang) : label;
      this.#button.classList.toggle('unavailable', this.#unavailable);
      if (this.#unavailable) this.#button.setAttribute('aria-disabled', 'true');
      else this.#button.removeAttribute('aria-disabled');
      this.#badge.hidden = this.#unread <= 0;
      this.#badge.textContent = badgeText(this.#unread);
      this.#panel.setAttribute('aria-label', panelLabel(lang));
      this.#frame?.setAttribute('title', frameTitle(lang));
    }

    #sendConfig(): void {
      if (!this.#ready) return; // `ready` will ask for it
      const attributes = {
        context: this.getAttribute('context'),
        title: this.getAttribute('title'),
        members: this.getAttribute('members'),
        link: this.getAttribute('link'),
      };
      this.#post(configMessage(attributes, this.#lang(), this.#tokenProvider !== null));
    }

    /** Never `*`: only a document at the Tidings origin in our iframe can read what we send. */
    #post(message: PageMessage): void {
      this.#frame?.contentWindow?.postMessage(message, tidingsOrigin);
    }

    async #supplyToken(): Promise<void> {
      if (this.#tokenPending) return; // one call to the page's backend at a time
      this.#tokenPending = true;
      try {
        const provider = this.#tokenProvider;
        if (!provider) throw new Error('no tokenProvider');
        const token: unknown = await provider();
        if (typeof token !== 'string' || token.trim() === '') throw new Error('not a token');
        this.#post(tokenMessage(token.trim()));
      } catch {
        this.#dispatch('tidings-error', { code: LOADER_ERRORS.tokenProviderFailed });
      } finally {
        this.#tokenPending = false;
      }
    }

    #startReadyTimer(): void {
      clearTimeout(this.#readyTimer);
      this.#readyTimer = setTimeout(() => {
        if (this.#ready) return;
        // Tidings unreachable, or the server refused this origin: a grey button, no data.
        this.#setOpen(false, {});
        this.#unavailable = true;
        this.#setState('unavailable');
        this.#render();
        this.#dispatch('tidings-error', { code: LOADER_ERRORS.unavailable });
      }, READY_TIMEOUT_MS);
    }

    /**
     * Where the widget stands, on the element itself (`data-state`): a page can style or test
     * against it — `loading` until the frame reports, then `signed-in`, `signed-out`,
     * `signin-required` or `unavailable`.
     */
    #setState(state: string): void {
      this.dataset['state'] = state;
    }

    #dispatch(name: string, detail: Record<string, unknown>): void {
      this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    }
  };
}

function chatIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', ICON_PATH);
  path.setAttribute('fill-rule', 'evenodd');
  svg.append(path);
  return svg;
}
