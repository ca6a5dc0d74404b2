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
