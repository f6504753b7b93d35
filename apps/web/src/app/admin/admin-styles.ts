/** Styles the admin sections share: headings, forms, tables, notices. */
export const SECTION_STYLES = `
  h2 {
    font-size: 1.3rem;
    margin: 0 0 1rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1.5rem 0 0.6rem;
  }
  .panel > h3:first-child {
    margin-top: 0;
  }
  .panel {
    background: #fff;
    border: 1px solid #e3e6ea;
    border-radius: 10px;
    padding: 1rem 1.2rem;
    margin-bottom: 1rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6rem;
    align-items: end;
  }
  .field {
    display: grid;
    gap: 0.2rem;
    min-width: 12rem;
    flex: 1;
  }
  .row + .row {
    margin-top: 0.6rem;
  }
  .field input,
  .field select {
    width: 100%;
    min-width: 0;
  }
  .field span {
    font-size: 0.85rem;
    color: #374151;
  }
  input,
  select {
    font: inherit;
    padding: 0.45rem 0.6rem;
    border: 1px solid #9ca3af;
    border-radius: 6px;
    background: #fff;
  }
  input[aria-invalid='true'] {
    border-color: #b91c1c;
  }
  button.secondary {
    background: #fff;
    border: 1px solid #2f6fde;
    color: #1f4fae;
    border-radius: 6px;
    padding: 0.45rem 0.9rem;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    background: #fff;
    margin-bottom: 1rem;
  }
  .actions {
    margin-top: 0.75rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.45rem 0.6rem;
    border-bottom: 1px solid #e3e6ea;
    vertical-align: top;
  }
  th {
    font-size: 0.85rem;
    color: #374151;
  }
  .actions {
    display: flex;
    gap: 0.4rem;
    flex-wrap: wrap;
  }
  .ok {
    color: #166534;
  }
  .error {
    color: #b91c1c;
  }
  .muted {
    color: #4b5563;
  }
  .hint {
    font-size: 0.9rem;
    color: #4b5563;
  }
  .tag {
    display: inline-block;
    font-size: 0.8rem;
    padding: 0 0.4rem;
    border-radius: 4px;
    background: #eef2f8;
  }
  .tag.deactivated,
  .tag.failed,
  .tag.refused {
    background: #fde2e2;
    color: #8a1c1c;
  }
  .tag.succeeded {
    background: #dcfce7;
    color: #14532d;
  }
`;
