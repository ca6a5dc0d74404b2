// Small improvements on top of pages that work without JavaScript.
"use strict";

// A block that only matters while a select is empty (the new-decision fields when an existing
// decision is picked) is hidden, so nobody fills in fields the server will ignore.
document.querySelectorAll("[data-hidden-when-picked]").forEach(function (block) {
  var select = document.getElementById(block.dataset.hiddenWhenPicked);
  if (!select) return;
  function update() {
    block.hidden = select.value !== "";
  }
  select.addEventListener("change", update);
  update();
});

// Tables: at phone width each row becomes a card whose cells carry their column's name
// (data-label, read by portal.css), so every column stays on screen without panning sideways.
// A scroll box that still overflows becomes focusable and named, so keyboards can scroll it.
function headerLabels(table) {
  var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
  if (!row) return null;
  var labels = [];
  Array.prototype.forEach.call(row.cells, function (cell) {
    var text = cell.textContent.replace(/\s+/g, " ").trim();
    for (var i = 0; i < (cell.colSpan || 1); i++) labels.push(text);
  });
  return labels;
}

document.querySelectorAll("table.table").forEach(function (table) {
  if (table.classList.contains("table-no-stack")) return;
  var labels = headerLabels(table);
  if (!labels) return;
  Array.prototype.forEach.call(table.tBodies, function (body) {
    Array.prototype.forEach.call(body.rows, function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        if (labels[column] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", labels[column]);
        }
        // An empty cell is left out of the phone card rather than shown as a bare label.
        if (!cell.textContent.trim() && !cell.querySelector("input, select, textarea, button, img, svg")) {
          cell.classList.add("cell-empty");
        }
        column += cell.colSpan || 1;
      });
    });
  });
  table.classList.add("table-stack");
});

function nameOf(box) {
  var svgTitle = box.querySelector("svg > title");
  if (svgTitle) return svgTitle.textContent.trim();
  var caption = box.querySelector("caption");
  if (caption) return caption.textContent.trim();
  var section = box.closest("section, article, main");
  var heading = section && section.querySelector("h1, h2, h3");
  return "Bảng" + (heading ? ": " + heading.textContent.replace(/\s+/g, " ").trim() : "");
}

function markScrollBoxes() {
  document.querySelectorAll(".table-responsive, .chart-scroll").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", nameOf(box));
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
markScrollBoxes();
window.addEventListener("resize", markScrollBoxes);
