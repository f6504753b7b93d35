/**
 * The widget's look at ~380×560, over the client's global stylesheet: its own header and
 * notes, and the reused list, panes and composer made compact and light. Every rule is under
 * `.widget` (the shell's unscoped styles), so nothing leaks into the full client — which this
 * chunk is never loaded into anyway.
 */
export const WIDGET_STYLES = `
.widget {
  display: flex;
  flex-direction: column;
  height: 100vh;
  background: var(--panel);
  color: var(--text);
}
.widget :focus-visible {
  outline: 2px solid var(--accent);
  outline-offset: 2px;
}
.widget-header {
  display: flex;
  flex: none;
  align-items: center;
  gap: 0.4rem;
  height: 2.75rem;
  padding: 0 0.4rem 0 0.75rem;
  background: #1f2a44;
  color: #fff;
}
.widget-header :focus-visible {
  outline-color: #fff;
}
.widget-title {
  flex: 1;
  margin: 0;
  font-size: 1rem;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.widget-icon {
  flex: none;
  width: 2rem;
  height: 2rem;
  border: 0;
  border-radius: 6px;
  background: none;
  color: #fff;
  font-size: 1.1rem;
  line-height: 1;
}
.widget-icon:hover {
  background: rgba(255, 255, 255, 0.14);
}
.widget-offline {
  font-size: 0.8rem;
  color: #ffd27a;
}
.widget-body {
  display: flex;
  flex: 1;
  flex-direction: column;
  min-height: 0;
}
.widget-note {
  margin: auto;
  padding: 1rem;
  text-align: center;
}
.widget-signin {
  display: grid;
  gap: 0.75rem;
  justify-items: center;
  margin: auto;
  padding: 1.5rem;
  text-align: center;
}
.widget-line {
  margin: 0;
  padding: 0.4rem 0.75rem;
}
.widget-list {
  flex: 1;
  min-height: 0;
  overflow-y: auto;
}
.widget td-conversation-list {
  overflow: visible;
  background: var(--panel);
}
.widget .sidebar,
.widget .conversation.unread .name {
  color: var(--text);
}
.widget .sidebar h2 {
  color: var(--muted);
}
.widget .conversation:hover {
  background: var(--bg);
}
.widget button.conversation {
  width: 100%;
  border: 0;
  background: none;
  font: inherit;
  text-align: left;
  cursor: pointer;
}
.widget td-widget-conversation,
.widget td-thread-panel {
  display: flex;
  flex: 1;
  flex-direction: column;
  min-height: 0;
}
.widget-context {
  flex: none;
  padding: 0.4rem 0.75rem;
  border-bottom: 1px solid var(--border);
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
  color: var(--accent);
}
.widget .side-panel {
  border-left: 0;
}
.widget .messages {
  padding: 0.5rem 0.75rem;
}
.widget .typing {
  padding: 0 0.75rem;
}
.widget .composer {
  padding: 0.5rem;
}
`;
