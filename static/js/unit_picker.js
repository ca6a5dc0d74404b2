// Unit pickers (select[data-unit-picker], targets/forms/certifications.py UnitSelect): a search
// box above each list that matches names without diacritics ("binh an" finds "Xã Bình An"), and
// units that did not exist on the decision's date (typed in dd/mm/yyyy) are hidden. The server
// checks the same date and refuses a unit that ceased, so this only saves trial and error.
"use strict";

function plainText(text) {
  return text
    .replace(/Đ/g, "D")
    .replace(/đ/g, "d")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

function typedDay(input) {
  var match = input && /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(input.value);
  if (!match) return null;
  return match[3] + "-" + ("0" + match[2]).slice(-2) + "-" + ("0" + match[1]).slice(-2);
}

var dateInput = document.getElementById("id_decision-issued_on");

document.querySelectorAll("select[data-unit-picker]").forEach(function (select, index) {
  var search = document.createElement("input");
  search.type = "search";
  search.className = "form-control form-control-sm mb-1";
  search.id = select.id + "-search";
  search.placeholder = "Tìm theo tên, không cần dấu (ví dụ: binh an)";
  search.setAttribute("aria-label", "Tìm đơn vị, dòng " + (index + 1));
  search.setAttribute("aria-controls", select.id);
  select.parentNode.insertBefore(search, select);
  var none = document.createElement("p");
  none.className = "small text-danger mb-1";
  none.hidden = true;
  select.parentNode.insertBefore(none, select.nextSibling);

  function update() {
    var words = plainText(search.value).trim();
    var day = typedDay(dateInput);
    var total = 0;
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      var shown = 0;
      Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
        var from = option.dataset.validFrom;
        var to = option.dataset.validTo;
        var valid = !day || ((!from || from <= day) && (!to || to >= day));
        var found = !words || (option.dataset.search || "").indexOf(words) !== -1;
        option.hidden = !(valid && found) && !option.selected;
        if (!option.hidden) shown += 1;
      });
      group.hidden = shown === 0;
      total += shown;
    });
    none.hidden = total > 0;
    none.textContent = day
      ? "Không có đơn vị nào khớp từ tìm kiếm và còn tồn tại vào ngày quyết định " +
        dateInput.value.trim() + "."
      : "Không có đơn vị nào khớp với từ tìm kiếm.";
  }
  search.addEventListener("input", update);
  if (dateInput) dateInput.addEventListener("input", update);
  update();
});
