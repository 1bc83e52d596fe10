// Offline full-text search over window.COURSE_SEARCH_INDEX (assets/search-index.js).
// The index is loaded with <script src> (so it works from file:// with no server), and only
// when a search begins: focus on the box, a key typed, or a query in the URL.
// A query in the URL (page.html?q=word) runs on load; a result opens its page with the
// words marked (page.html?highlight=word#section).
"use strict";
(function () {
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  // The index lies beside this script.
  const here = document.currentScript || document.querySelector('script[src$="search.js"]');
  const indexSource = here ? here.getAttribute("src").replace(/search\.js$/, "search-index.js") : "assets/search-index.js";

  // ASCII names a reader types for the symbols the formulas are indexed with.
  const symbols = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", zeta: "ζ", eta: "η", theta: "θ",
    iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", rho: "ρ", sigma: "σ",
    tau: "τ", phi: "φ", chi: "χ", psi: "ψ", omega: "ω", sqrt: "√", sum: "∑", prod: "∏",
    infinity: "∞", infty: "∞", partial: "∂", nabla: "∇", times: "×", cdot: "·", approx: "≈",
    leq: "≤", geq: "≥", neq: "≠", odot: "⊙", otimes: "⊗", hat: "̂",
  };

  function words(query) {
    return query.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
  }

  // The spellings a word of the query matches: itself, and its symbol if it names one (sigma → σ).
  function spellings(term) {
    const symbol = symbols[term];
    return symbol ? [term, symbol] : [term];
  }

  function escapeHTML(text) {
    return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // One pattern for every spelling of every term, longest first.
  function pattern(terms) {
    const all = terms.flatMap(spellings).sort((a, b) => b.length - a.length);
    return new RegExp("(" + all.map(escapeRegExp).join("|") + ")", "gi");
  }

  let entries = null;
  let loading = null;
  // Loads the index once; `then` runs when it is there.
  function withIndex(then) {
    if (entries) { then(); return; }
    if (window.COURSE_SEARCH_INDEX) {
      entries = window.COURSE_SEARCH_INDEX.map((entry) => ({
        ...entry,
        lowerText: entry.text.toLowerCase(),
        lowerHeading: entry.heading.toLowerCase(),
        lowerPage: entry.page.toLowerCase(),
      }));
      then();
      return;
    }
    if (!loading) {
      loading = [];
      const script = document.createElement("script");
      script.src = indexSource;
      script.onload = () => { const waiting = loading; loading = null; withIndex(() => waiting.forEach((run) => run())); };
      document.head.appendChild(script);
    }
    loading.push(then);
  }

  function snippet(entry, terms) {
    let at = -1;
    for (const spelling of spellings(terms[0])) { at = entry.lowerText.indexOf(spelling); if (at >= 0) break; }
    const start = Math.max(0, at - 60);
    const text = (start > 0 ? "…" : "") + entry.text.slice(start, start + 180) + (start + 180 < entry.text.length ? "…" : "");
    return escapeHTML(text).replace(pattern(terms.map(escapeHTML)), "<mark>$1</mark>");
  }

  // Every word must appear (as itself or its symbol); headings and titles count more than body text.
  function search(query) {
    const terms = words(query);
    if (terms.length === 0) return [];
    const results = [];
    for (const entry of entries) {
      let score = 0;
      let all = true;
      for (const term of terms) {
        let inHeading = false;
        let count = 0;
        for (const spelling of spellings(term)) {
          inHeading = inHeading || entry.lowerHeading.includes(spelling) || entry.lowerPage.includes(spelling);
          let from = entry.lowerText.indexOf(spelling);
          while (from !== -1 && count < 20) { count += 1; from = entry.lowerText.indexOf(spelling, from + spelling.length); }
        }
        if (!inHeading && count === 0) { all = false; break; }
        score += (inHeading ? 10 : 0) + count;
      }
      if (all) results.push({ entry, score });
    }
    results.sort((a, b) => b.score - a.score);
    return results.map((result) => result.entry);
  }

  // A result's link: the page with the words to mark, then its section.
  function resultURL(entry, query) {
    const [page, anchor] = entry.url.split("#");
    return page + "?highlight=" + encodeURIComponent(query.trim()) + (anchor ? "#" + anchor : "");
  }

  function show(query) {
    const terms = words(query);
    list.innerHTML = "";
    if (terms.length === 0) { list.hidden = true; status.textContent = ""; list.removeAttribute("data-result-count"); return; }
    withIndex(() => {
      if (input.value !== query) return;  // typed on while the index loaded
      const results = search(query);
      list.innerHTML = "";
      list.setAttribute("data-result-count", String(results.length));
      const count = results.length === 0 ? "No results for “" + escapeHTML(query) + "”."
        : results.length + (results.length === 1 ? " section matches" : " sections match");
      list.innerHTML = '<li class="' + (results.length === 0 ? "no-results" : "result-count") + '">' + count + "</li>";
      for (const entry of results) {
        const item = document.createElement("li");
        item.className = "search-result";
        const heading = entry.heading && entry.heading !== entry.page ? escapeHTML(entry.heading) + ' <span class="result-page">· ' + escapeHTML(entry.page) + "</span>" : escapeHTML(entry.page);
        item.innerHTML = '<a href="' + escapeHTML(resultURL(entry, query)) + '"><span class="result-title">' + heading + '</span><span class="result-snippet">' + snippet(entry, terms) + "</span></a>";
        list.appendChild(item);
      }
      list.hidden = false;
      status.textContent = results.length + (results.length === 1 ? " result" : " results");
    });
  }

  // Marks the words a search opened this page with, in its text (not inside formulas or code's markup).
  function highlightOnArrival(query) {
    const content = document.querySelector(".content");
    const terms = words(query);
    if (!content || terms.length === 0) return;
    const matcher = pattern(terms);
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement.closest(".katex, script, style, mark, .anchor")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const nodes = [];
    while (walker.nextNode()) { matcher.lastIndex = 0; if (matcher.test(walker.currentNode.data)) nodes.push(walker.currentNode); }
    for (const node of nodes) {
      const fragment = document.createDocumentFragment();
      let last = 0;
      node.data.replace(matcher, (match, group, offset) => {
        fragment.appendChild(document.createTextNode(node.data.slice(last, offset)));
        const mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = match;
        fragment.appendChild(mark);
        last = offset + match.length;
        return match;
      });
      fragment.appendChild(document.createTextNode(node.data.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    }
  }

  const parameters = new URLSearchParams(window.location.search);
  const highlight = parameters.get("highlight");
  if (highlight) highlightOnArrival(highlight);

  if (!input || !list) return;
  input.addEventListener("focus", () => withIndex(() => {}), { once: true });
  input.addEventListener("input", () => show(input.value));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { const first = list.querySelector("a"); if (first) { event.preventDefault(); first.focus(); } }
    if (event.key === "Escape") { input.value = ""; show(""); }
    if (event.key === "Enter") { const first = list.querySelector("a"); if (first) { event.preventDefault(); first.click(); } }
  });
  list.addEventListener("keydown", (event) => {
    const links = Array.from(list.querySelectorAll("a"));
    const index = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && index < links.length - 1) { event.preventDefault(); links[index + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (index > 0 ? links[index - 1] : input).focus(); }
    if (event.key === "Escape") { input.focus(); show(""); input.value = ""; }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== input && !/input|textarea/i.test(document.activeElement.tagName)) {
      event.preventDefault();
      input.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".search")) list.hidden = true;
  });

  const query = parameters.get("q");
  if (query) { input.value = query; show(query); }
})();
