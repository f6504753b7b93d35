import { DomainError, ForbiddenError, type FieldIssue } from '@tidings/platform/errors';

/** Context conversations are opened for people (the widget's signed-in person), never bots. */
export function peopleOnly(): ForbiddenError {
  return new ForbiddenError(
    'widget.people_only',
    'Only people open context conversations (bots and integration accounts post instead).',
  );
}

/** The origin is no widget site: an administrator adds it first (docs/widget.md). */
export function originNotAllowed(): ForbiddenError {
  return new ForbiddenError('widget.origin_not_allowed', 'This origin is not a widget site.');
}

/** A widget token is bound to one site: it opens that site's contexts only. */
export function originMismatch(): ForbiddenError {
  return new ForbiddenError(
    'widget.origin_mismatch',
    'This widget token was issued for another origin.',
  );
}

export function linkInvalid(): DomainError {
  return new DomainError(
    'widget.link_invalid',
    'invalid',
    "The link must be an absolute http(s) URL on the widget site's origin.",
    { issues: [{ path: 'body.link', message: "not an http(s) URL on the site's origin" }] },
  );
}

/** Names every member entry that is no known active person (errors[].path `body.members.<i>`). */
export function membersUnknown(issues: FieldIssue[]): DomainError {
  return new DomainError(
    'widget.member_unknown',
    'invalid',
    'Every member must be the username of an active person.',
    { issues },
  );
}

/**
 * The site's bot has not reached messaging (identity.bot.created not consumed yet, or lost):
 * nobody could own the channel.
 */
export function siteBotUnknown(): DomainError {
  return new DomainError(
    'widget.site_bot_unknown',
    'conflict',
    "The widget site's bot is not known to messaging yet; try again shortly.",
  );
}

/** An archived context conversation takes nobody new; its members still read it. */
export function contextArchived(): ForbiddenError {
  return new ForbiddenError(
    'widget.context_archived',
    'This conversation is archived: only its members may read it.',
  );
}
