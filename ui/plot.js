// One chart of the dashboard (ui/plot.py). Streamlit calls this function again with the new figure at
// every script run; the chart's <div> stays, and Plotly.react redraws it in place (a map keeps its
// MapLibre canvas). plotly.js is the copy of the installed plotly package's own bundle, served by the
// app's static files and loaded once per page.
let loading = null;

function plotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { loading = null; reject(new Error("plotly.js did not load: " + src)); };
      document.head.appendChild(script);
    });
  }
  return loading;
}

// Charts being drawn on the page: the benchmark and the browser tests wait for 0.
window.__alizeDrawing = window.__alizeDrawing || 0;

// No Plotly logo, and no "Share chart" button: it would upload the chart (firms, amounts) to Plotly Cloud.
const CONFIG = { displaylogo: false, showSendToCloud: false };
const LOCALES = new Set();  // registered with plotly.js: the mode bar's words in the page's language

function configOf(locale) {
  if (!locale) return CONFIG;
  if (!LOCALES.has(locale.name)) {
    window.Plotly.register({ moduleType: "locale", name: locale.name, dictionary: locale.dictionary, format: {} });
    LOCALES.add(locale.name);
  }
  return { ...CONFIG, locale: locale.name };
}

function pointOf(p) {
  return { x: p.x, y: p.y, customdata: p.customdata === undefined ? null : p.customdata,
           curve_number: p.curveNumber, point_index: p.pointIndex === undefined ? p.pointNumber : p.pointIndex };
}

// A chart is drawn when it comes within half a screen of the viewport: a filter change redraws the
// charts in sight, and the ones further down when the reader scrolls to them.
const near = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    entry.target.dataset.near = entry.isIntersecting ? "true" : "false";
    if (entry.isIntersecting) draw(entry.target);
  }
}, { rootMargin: "50% 0px" });

function bind(div, P) {
  if (div.dataset.bound) return;
  div.dataset.bound = "true";
  div.on("plotly_click", (event) => {
    const s = div._alize;
    if (s.clickable && event && event.points && event.points.length) {
      s.setTriggerValue("selection", { points: event.points.slice(0, 1).map(pointOf) });
    }
  });
  let width = div.clientWidth;  // the sidebar opening, a window resized: the chart follows
  new ResizeObserver(() => {
    if (div.clientWidth !== width) { width = div.clientWidth; P.Plots.resize(div); }
  }).observe(div);
}

// A year change moves the shaded band and the veils over the other years (charts.highlight_period),
// nothing else: the shapes alone are redrawn then (about a millisecond; a whole chart takes 10 to 20).
function redraw(div, P, figure) {
  const s = div._alize;
  const layout = figure.layout || {};
  const bare = JSON.stringify([figure.data, { ...layout, shapes: null }]);
  const shapesOnly = s.bare === bare && div.data;
  s.bare = bare;
  div.dataset.redraw = shapesOnly ? "shapes" : "full";  // what the last change redrew (tests, profiling)
  if (shapesOnly) return P.relayout(div, { shapes: layout.shapes || [] });
  return P.react(div, figure.data || [], layout, configOf(s.locale));
}

// A chart that cannot be drawn (plotly.js not loaded: a proxy blocking the app's static files) says so
// in the page's language, as text, instead of leaving an empty box.
function failed(div, message) {
  let note = div.querySelector(".alize-plot-failed");
  if (!message) { if (note) note.remove(); return; }
  if (!note) {
    note = document.createElement("p");
    note.className = "alize-plot-failed";
    note.style.cssText = "color: #5f6b7a; font-size: 0.95rem; margin: 1rem 0.25rem;";
    div.prepend(note);
  }
  note.textContent = message;
}

function draw(div) {
  const s = div._alize;
  if (div.dataset.near !== "true" || s.busy || s.figure === s.drawn) return;
  const text = s.figure;
  s.busy = true;  // one draw at a time per chart: a figure that came meanwhile is drawn next
  div.dataset.state = "drawing";
  window.__alizeDrawing += 1;
  plotly(s.src)
    .then((P) => redraw(div, P, JSON.parse(text)).then(() => bind(div, P)))
    .then(() => failed(div, null))
    .catch((error) => { console.error(error); failed(div, s.failedText); })
    .finally(() => {
      s.drawn = text;  // drawn, or failed: not tried again until the figure changes
      s.busy = false;
      window.__alizeDrawing -= 1;
      div.dataset.state = s.figure === s.drawn ? "drawn" : "waiting";
      draw(div);
    });
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let div = parentElement.querySelector(".alize-plot");
  if (!div) {
    div = document.createElement("div");
    div.className = "alize-plot";
    div._alize = { drawn: null, busy: false };
    parentElement.appendChild(div);
    near.observe(div);
  }
  Object.assign(div._alize, { figure: data.figure, src: data.src, clickable: data.clickable, locale: data.locale,
                              failedText: data.failed, setTriggerValue });
  // A fixed height comes with the figure; without one (the presentation), the stylesheet gives it.
  div.style.height = data.height ? data.height + "px" : "";
  if (div._alize.figure !== div._alize.drawn && !div._alize.busy) div.dataset.state = "waiting";
  draw(div);
  return () => {
    near.unobserve(div);
    if (window.Plotly) window.Plotly.purge(div);
  };
}
