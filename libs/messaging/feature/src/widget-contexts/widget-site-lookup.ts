/**
 * The port through which messaging learns which origins may embed Tidings and which bot owns
 * each (identity's widget sites, docs/widget.md). Messaging may not import identity: the host
 * binds it (libs/host/src/messaging-wiring.ts).
 */
export interface WidgetSiteLookup {
  /**
   * The widget site of this origin, its origin normalized (lower-case, no default port) — or
   * undefined when the origin is no widget site (or not an origin at all).
   */
  byOrigin(origin: string): Promise<{ origin: string; botId: string } | undefined>;
}

export const WIDGET_SITE_LOOKUP = Symbol('tidings.messaging.WidgetSiteLookup');

/** A host that binds no lookup knows no widget sites: every context is refused. */
export const NO_WIDGET_SITES: WidgetSiteLookup = { byOrigin: () => Promise.resolve(undefined) };
