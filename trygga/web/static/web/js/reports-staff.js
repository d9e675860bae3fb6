/*
 * The staff's report pages: "select all" in the queue, the bulk form showing only the
 * fields its action needs, and a response template filling the public note and status.
 * The templates come from the #templates-data JSON element. Every form works without it.
 */
(function () {
  "use strict";

  function templates() {
    var el = document.getElementById("templates-data");
    return el ? JSON.parse(el.textContent) : {};
  }

  function selectAll() {
    var all = document.getElementById("select-all");
    if (!all) { return; }
    var boxes = document.querySelectorAll('input[name="bulk-reports"]');
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  }

  function fieldOf(input) { return input ? input.closest(".field") : null; }

  function bulkFields() {
    var action = document.getElementById("id_bulk-action");
    if (!action) { return; }
    var assignee = fieldOf(document.getElementById("id_bulk-assignee"));
    var statusFields = ["id_bulk-status", "id_bulk-template", "id_bulk-note"].map(function (id) {
      return fieldOf(document.getElementById(id));
    });
    function update() {
      assignee.hidden = action.value !== "assign";
      statusFields.forEach(function (field) { field.hidden = action.value !== "status"; });
    }
    action.addEventListener("change", update);
    update();
  }

  function templateFill(data) {
    document.querySelectorAll('select[name$="template"]').forEach(function (select) {
      select.addEventListener("change", function () {
        var chosen = data[select.value];
        if (!chosen) { return; }
        var form = select.form;
        var note = form.querySelector('textarea[name$="note"]');
        var status = form.querySelector('select[name$="status"]');
        if (note) { note.value = chosen.text; }
        if (status && chosen.status && status.querySelector('option[value="' + chosen.status + '"]')) {
          status.value = chosen.status;
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    selectAll();
    bulkFields();
    templateFill(templates());
  });
})();
