// Offline full-text search over window.COURSE_SEARCH_INDEX (assets/search-index.js).
// Loaded with <script src>, so it works from file:// with no server.
// A query in the URL (page.html?q=word) runs on load.
"use strict";
(function () {
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  if (!input || !list) return;
  const entries = (window.COURSE_SEARCH_INDEX || []).map((entry) => ({
    ...entry,
    lowerText: entry.text.toLowerCase(),
    lowerHeading: entry.heading.toLowerCase(),
    lowerPage: entry.page.toLowerCase(),
  }));

  function words(query) {
    return query.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
  }

  function escapeHTML(text) {
    return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  }

  function snippet(entry, terms) {
    const at = Math.max(0, entry.lowerText.indexOf(terms[0]));
    const start = Math.max(0, at - 60);
    let text = (start > 0 ? "…" : "") + entry.text.slice(start, start + 180) + (start + 180 < entry.text.length ? "…" : "");
    let html = escapeHTML(text);
    for (const term of terms) {
      const pattern = new RegExp("(" + escapeHTML(term).replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gi");
      html = html.replace(pattern, "<mark>$1</mark>");
    }
    return html;
  }

  // Every word must appear; headings and titles count more than body text.
  function search(query) {
    const terms = words(query);
    if (terms.length === 0) return [];
    const results = [];
    for (const entry of entries) {
      let score = 0;
      let all = true;
      for (const term of terms) {
        const inHeading = entry.lowerHeading.includes(term) || entry.lowerPage.includes(term);
        let count = 0;
        let from = entry.lowerText.indexOf(term);
        while (from !== -1 && count < 20) { count += 1; from = entry.lowerText.indexOf(term, from + term.length); }
        if (!inHeading && count === 0) { all = false; break; }
        score += (inHeading ? 10 : 0) + count;
      }
      if (all) results.push({ entry, score });
    }
    results.sort((a, b) => b.score - a.score);
    return results.slice(0, 20).map((result) => result.entry);
  }

  function show(query) {
    const terms = words(query);
    list.innerHTML = "";
    if (terms.length === 0) { list.hidden = true; status.textContent = ""; list.removeAttribute("data-result-count"); return; }
    const results = search(query);
    list.setAttribute("data-result-count", String(results.length));
    if (results.length === 0) {
      list.innerHTML = '<li class="no-results">No results for “' + escapeHTML(query) + "”.</li>";
    }
    for (const entry of results) {
      const item = document.createElement("li");
      item.className = "search-result";
      const heading = entry.heading && entry.heading !== entry.page ? escapeHTML(entry.heading) + ' <span class="result-page">· ' + escapeHTML(entry.page) + "</span>" : escapeHTML(entry.page);
      item.innerHTML = '<a href="' + escapeHTML(entry.url) + '"><span class="result-title">' + heading + '</span><span class="result-snippet">' + snippet(entry, terms) + "</span></a>";
      list.appendChild(item);
    }
    list.hidden = false;
    status.textContent = results.length + (results.length === 1 ? " result" : " results");
  }

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

  const query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; show(query); }
})();
