// The console's one stylesheet: plain, high-contrast, readable at 1280 px and on a phone.
export const consoleCss = `
:root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#fff; --soft:#f6f8fa; --accent:#0b57d0;
  --ok:#116329; --warn:#7d4e00; --bad:#a40e26; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:var(--bg); line-height:1.45; }
a { color:var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible,
summary:focus-visible { outline:3px solid var(--accent); outline-offset:2px; }
.skip { position:absolute; left:-999px; top:0; background:var(--bg); padding:.5rem; }
.skip:focus { left:.5rem; z-index:10; }
header.top { display:flex; flex-wrap:wrap; align-items:center; gap:.5rem 1rem; padding:.6rem 1rem;
  border-bottom:1px solid var(--line); background:var(--soft); }
header.top .brand { font-weight:700; text-decoration:none; color:var(--fg); }
header.top .who { margin-left:auto; display:flex; gap:.5rem; align-items:center; color:var(--muted); }
nav.main ul { display:flex; flex-wrap:wrap; gap:.25rem .9rem; list-style:none; margin:0; padding:0; }
nav.main a { text-decoration:none; padding:.2rem 0; }
nav.main a[aria-current="page"] { font-weight:700; border-bottom:2px solid var(--accent); }
main { max-width:1200px; margin:0 auto; padding:1rem; }
h1 { font-size:1.5rem; margin:.5rem 0 1rem; }
h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; }
table { border-collapse:collapse; width:100%; margin:.5rem 0 1rem; }
th, td { text-align:left; padding:.4rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--soft); font-weight:600; }
.table-wrap { overflow-x:auto; }
form.inline { display:inline; }
label { display:block; font-weight:600; margin:.6rem 0 .2rem; }
input[type=text], input[type=email], input[type=number], input[type=search], input[type=time],
input[type=date], input:not([type]), select, textarea { font:inherit; padding:.35rem .5rem;
  border:1px solid #8c959f; border-radius:4px; max-width:100%; background:var(--bg); color:var(--fg); }
textarea { width:100%; min-height:8rem; font-family: ui-monospace, monospace; font-size:.9rem; }
button, .button { font:inherit; padding:.4rem .9rem; border-radius:4px; border:1px solid var(--accent);
  background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary, .button.secondary { background:var(--bg); color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
.hint { color:var(--muted); font-size:.9rem; margin:.2rem 0; }
.field-error, .error { color:var(--bad); font-weight:600; }
[aria-invalid="true"] { border-color:var(--bad) !important; border-width:2px !important; }
.flash { padding:.6rem .8rem; border-radius:4px; margin:0 0 1rem; border:1px solid var(--line); }
.flash.ok { border-color:var(--ok); color:var(--ok); background:#dafbe1; }
.flash.error { border-color:var(--bad); color:var(--bad); background:#ffebe9; }
.badge { display:inline-block; padding:0 .45rem; border-radius:999px; font-size:.85rem;
  border:1px solid var(--line); background:var(--soft); }
.badge.ok { color:var(--ok); border-color:var(--ok); }
.badge.warn { color:var(--warn); border-color:var(--warn); }
.badge.bad { color:var(--bad); border-color:var(--bad); }
.cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(220px, 1fr)); gap:1rem; }
.card { border:1px solid var(--line); border-radius:6px; padding:.8rem 1rem; }
.row { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:flex-end; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.25rem 1rem; }
dl.facts dt { font-weight:600; }
dl.facts dd { margin:0; }
progress { width:100%; height:1.1rem; }
figure { margin:1rem 0; }
figcaption { color:var(--muted); font-size:.9rem; }
@media (max-width: 640px) {
  header.top .who { margin-left:0; width:100%; }
  th, td { padding:.3rem; font-size:.92rem; }
}
`;
