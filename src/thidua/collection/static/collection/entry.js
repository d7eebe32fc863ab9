/* Entry form (biểu nhập số liệu): totals and rates shown as you type, Enter moves to the next cell, and every cell
   is saved as you go through htmx (custom event "save"), so nothing is lost if the browser closes. No external
   script: htmx is vendored and loaded by the base template. */
(function () {
  "use strict";

  var GROUPED = /^-?[1-9]\d{0,2}(\.\d{3})+$/;
  var SAVING = "#entry-form [hx-trigger='save']";
  var timers = new WeakMap();

  /* Numbers as Vietnamese users write them (same rule as the server): 1.799 = 1799, 93,5 = 93.5. */
  function parseNumber(text) {
    var t = String(text || "").replace(/[\s\u00a0]/g, "");
    if (!t) return null;
    if (t.indexOf(",") >= 0) t = t.replace(/\./g, "").replace(",", ".");
    else if (GROUPED.test(t)) t = t.replace(/\./g, "");
    return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  }

  function format(n, decimals) {
    var fixed = (Math.round(n * 10000) / 10000).toFixed(decimals === undefined ? 4 : decimals);
    var parts = fixed.split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var fraction = (parts[1] || "").replace(/0+$/, "");
    return whole + (fraction ? "," + fraction : "");
  }

  function figures() {
    var totals = {}, parts = {}, known = {};
    document.querySelectorAll("#entry-form input[data-code]").forEach(function (el) {
      var code = el.dataset.code;
      known[code] = true;
      var n = parseNumber(el.value);
      if (n === null || isNaN(n)) return;
      if (el.dataset.option) parts[code] = (parts[code] || 0) + n;
      else totals[code] = n;
    });
    Object.keys(parts).forEach(function (code) {
      if (!(code in totals)) totals[code] = parts[code];
    });
    return { totals: totals, parts: parts, known: known };
  }

  function recompute() {
    var f = figures();
    document.querySelectorAll("#entry-form output[data-total-of]").forEach(function (out) {
      var code = out.dataset.totalOf;
      out.textContent = code in f.parts ? format(f.parts[code]) : "—";
    });
    document.querySelectorAll("#entry-form output[data-rate]").forEach(function (out) {
      var num = out.dataset.num, den = out.dataset.den;
      if (!f.known[num] || !f.known[den]) {
        out.textContent = out.dataset.fallback || "—";  // computed by the server from figures outside this form
        return;
      }
      var a = f.totals[num], b = f.totals[den];
      out.textContent = a === undefined || b === undefined || b === 0 ? "—" : format(Math.round((a * 10000) / b) / 100, 2);
    });
  }

  function save(el) {
    clearTimeout(timers.get(el));
    if (el.value === (el.dataset.saved || "")) return;
    el.dataset.saved = el.value;
    window.htmx.trigger(el, "save");
  }

  function isSaving(el) {
    return el && el.matches && el.matches(SAVING);
  }

  document.addEventListener("input", function (e) {
    if (!isSaving(e.target)) return;
    recompute();
    clearTimeout(timers.get(e.target));
    timers.set(e.target, setTimeout(function () { save(e.target); }, 1500));
  });

  document.addEventListener("change", function (e) {
    if (isSaving(e.target)) save(e.target);
  });

  /* Enter moves on to the next field (Shift+Enter keeps a new line in a comment). */
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    var el = e.target;
    if (!el.closest || !el.closest("#entry-form") || !el.matches("input, textarea, select")) return;
    e.preventDefault();
    var fields = Array.prototype.filter.call(
      document.querySelectorAll(
        "#entry-form input:not([type=hidden]):not([disabled]), #entry-form textarea:not([disabled]), #entry-form select:not([disabled])"
      ),
      function (f) { return f.offsetParent !== null; }
    );
    var i = fields.indexOf(el);
    if (isSaving(el)) save(el);
    if (i >= 0 && i + 1 < fields.length) fields[i + 1].focus();
  });

  /* The page is closing: send what was typed and not yet saved. */
  function flush() {
    var form = document.getElementById("entry-form");
    if (!form || !navigator.sendBeacon) return;
    document.querySelectorAll(SAVING).forEach(function (el) {
      if (el.value === (el.dataset.saved || "")) return;
      var data = new FormData();
      var vals = JSON.parse(el.getAttribute("hx-vals") || "{}");
      Object.keys(vals).forEach(function (k) { data.append(k, vals[k]); });
      (el.getAttribute("hx-include") || "").split(",").forEach(function (selector) {
        var extra = selector.trim() && document.querySelector(selector.trim());
        if (extra && extra.name) data.append(extra.name, extra.value);
      });
      data.append(el.name, el.value);
      data.append("csrfmiddlewaretoken", form.dataset.csrf || "");
      el.dataset.saved = el.value;
      navigator.sendBeacon(el.getAttribute("hx-post"), data);
    });
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });

  /* Returning or unapproving needs a reason: say so before sending. */
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.id !== "action-form" || !e.submitter) return;
    var reason = form.querySelector("[name=reason]");
    if ((e.submitter.value === "return" || e.submitter.value === "unapprove") && reason && !reason.value.trim()) {
      e.preventDefault();
      reason.setCustomValidity("Cần ghi lý do khi trả lại hoặc hủy duyệt.");
      reason.reportValidity();
      reason.addEventListener("input", function () { reason.setCustomValidity(""); }, { once: true });
    }
  });

  /* The server could not be reached or failed: say so, and keep the cell marked unsaved so that the next change,
     Enter or closing the page sends it again. */
  function unsaved(e) {
    var el = e.detail && e.detail.elt;
    if (!isSaving(el)) return;
    el.dataset.saved = "\u0000";
    var note = document.querySelector(el.getAttribute("hx-target"));
    if (!note) return;
    var message = document.createElement("span");
    message.className = "error-text";
    message.setAttribute("role", "alert");
    message.textContent = "Chưa lưu được (mất kết nối hoặc máy chủ lỗi): sẽ gửi lại khi bạn sửa ô này hoặc rời trang.";
    note.replaceChildren(message);
  }
  document.addEventListener("htmx:sendError", unsaved);
  document.addEventListener("htmx:responseError", unsaved);

  document.addEventListener("htmx:afterSettle", recompute);
  document.addEventListener("DOMContentLoaded", recompute);
})();
