// The upload page: sign in with MSAL (authorization code + PKCE), upload a workbook with
// XMLHttpRequest (for the progress bar), poll its report with Retry-After, list the month's uploads.
(function () {
  "use strict";

  var settings = JSON.parse(document.querySelector('meta[name="bacninh-settings"]').content);
  var $ = function (id) { return document.getElementById(id); };
  var msalApp = null;
  var account = null;

  var STATUS_TEXT = {
    Pending: "Đang kiểm tra tệp…",
    Accepted: "Đã tiếp nhận: mọi dòng số liệu đều hợp lệ.",
    AcceptedWithErrors: "Đã tiếp nhận một phần: các dòng hợp lệ đã được ghi nhận, các dòng có lỗi bị loại. Sửa các lỗi dưới đây rồi nộp lại tệp.",
    Rejected: "Bị từ chối: tệp không được tiếp nhận. Sửa lỗi dưới đây rồi nộp lại tệp."
  };
  var STATUS_SHORT = { Pending: "Đang kiểm tra", Accepted: "Đã tiếp nhận", AcceptedWithErrors: "Tiếp nhận một phần", Rejected: "Bị từ chối" };
  var FIX = {
    UNKNOWN_UNIT: "Viết tên đơn vị đúng như trong biểu mẫu (xem các tên gần giống trong nội dung lỗi).",
    AMBIGUOUS_UNIT: "Ghi rõ đơn vị cấp trên (cột Thuộc) hoặc mã đơn vị để phân biệt.",
    DUPLICATE_UNIT: "Mỗi đơn vị chỉ báo cáo một dòng; xoá dòng lặp lại.",
    UNIT_NOT_ALLOWED: "Chỉ báo cáo cho đơn vị của mình (và các đơn vị trực thuộc nếu được giao); xoá dòng này.",
    NOT_A_NUMBER: "Nhập số, không nhập chữ hay công thức lỗi.",
    NEGATIVE_VALUE: "Số liệu không được âm.",
    NUMERATOR_EXCEEDS_DENOMINATOR: "Số thành phần không được lớn hơn tổng số.",
    RATE_OUT_OF_RANGE: "Tỷ lệ phải từ 0% đến 100%.",
    RATE_MISMATCH: "Tính lại tỷ lệ từ các số liệu trên cùng dòng.",
    UNSUPPORTED_FORMAT: "Lưu tệp dưới dạng .xlsx, .xls hoặc .csv.",
    CORRUPT_FILE: "Mở tệp bằng Excel, lưu lại (không đặt mật khẩu) rồi nộp lại.",
    FILE_TOO_LARGE: "Xoá các trang tính không cần thiết hoặc chia nhỏ tệp.",
    NO_TABLE: "Dùng biểu mẫu có sẵn: giữ nguyên dòng tiêu đề cột.",
    PERIOD_MISSING: "Chọn tháng báo cáo trước khi nộp, hoặc ghi tháng trong tiêu đề.",
    PERIOD_CONFLICT: "Tháng ghi trong tệp khác tháng đã chọn; chọn đúng tháng.",
    FUTURE_PERIOD: "Không báo cáo cho tháng chưa kết thúc.",
    UNKNOWN_UPLOADER: "Tài khoản chưa được giao nộp báo cáo; liên hệ Sở Thông tin và Truyền thông.",
    PROCESSING_FAILED: "Lỗi của hệ thống, không phải của tệp; nộp lại sau ít phút."
  };

  function notice(text) { var n = $("notice"); n.textContent = text || ""; n.hidden = !text; }
  function show(id, visible) { $(id).hidden = !visible; }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function bytes(n) { return n >= 1048576 ? Math.round(n / 1048576) + " MB" : n >= 1024 ? Math.round(n / 1024) + " KB" : n + " byte"; }
  function time(text) { return text ? new Date(text).toLocaleString("vi-VN") : ""; }
  function cell(row, text, cls) { var td = document.createElement("td"); td.textContent = text == null ? "" : String(text); if (cls) { td.className = cls; } row.appendChild(td); return td; }

  // Each cell carries its column's header, shown beside the value when rows stack on a phone.
  function labelCells(table) {
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      Array.prototype.forEach.call(tr.cells, function (td, i) { td.setAttribute("data-label", headers[i] || ""); });
    });
  }

  function lastMonth() {
    var d = new Date(); d.setDate(1); d.setMonth(d.getMonth() - 1);
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0");
  }

  async function token() {
    var request = { scopes: settings.scopes, account: account };
    try {
      return (await msalApp.acquireTokenSilent(request)).accessToken;
    } catch (e) {
      await msalApp.acquireTokenRedirect(request);
      throw e;
    }
  }

  async function api(path, options) {
    options = options || {};
    options.headers = Object.assign({ Authorization: "Bearer " + await token() }, options.headers || {});
    return fetch(path, options);
  }

  async function problemText(response) {
    try { var p = await response.json(); return p.detail || p.title || (p.error && p.error.message) || response.statusText; } catch (e) { return response.statusText; }
  }

  // The report: status in words, counts, problems in file order with what to fix.
  function renderReport(report, fileName) {
    show("report", true);
    $("report-file").textContent = "Tệp: " + (fileName || (report.blobPath || "").split("/").pop());
    var status = $("report-status");
    status.className = "status " + report.status;
    status.textContent = STATUS_TEXT[report.status] || report.status;
    var done = report.status !== "Pending";
    show("report-counts", done);
    if (!done) { show("problems-box", false); return; }
    $("rows-read").textContent = report.rowsRead;
    $("rows-accepted").textContent = report.rowsAccepted;
    $("rows-rejected").textContent = report.rowsRejected;
    var problems = (report.problems || []).map(function (p, i) { return { p: p, i: i }; });
    var sheets = [];
    problems.forEach(function (x) { if (x.p.sheet && sheets.indexOf(x.p.sheet) < 0) { sheets.push(x.p.sheet); } });
    var column = function (c) { return c ? c.length * 100 + c.charCodeAt(c.length - 1) : 0; };
    problems.sort(function (a, b) {
      return (sheets.indexOf(a.p.sheet) - sheets.indexOf(b.p.sheet)) || ((a.p.row || 0) - (b.p.row || 0)) || (column(a.p.column) - column(b.p.column)) || (a.i - b.i);
    });
    var body = $("problems").tBodies[0];
    body.replaceChildren();
    problems.forEach(function (x) {
      var tr = document.createElement("tr");
      cell(tr, x.p.sheet || "(cả tệp)"); cell(tr, x.p.row); cell(tr, x.p.column); cell(tr, x.p.code, "code"); cell(tr, x.p.message); cell(tr, FIX[x.p.code] || "");
      body.appendChild(tr);
    });
    labelCells($("problems"));
    show("problems-box", problems.length > 0);
  }

  // Polls GET /api/uploads/{id}: 202 with Retry-After while pending, 200 with the report.
  async function follow(location, fileName) {
    for (var attempt = 0; attempt < 300; attempt++) {
      var response = await api(location);
      if (response.status === 200) {
        renderReport(await response.json(), fileName);
        await loadHistory();
        return;
      }
      if (response.status !== 202) { notice("Không đọc được kết quả: " + await problemText(response)); return; }
      renderReport(await response.json(), fileName);
      var wait = parseFloat(response.headers.get("Retry-After") || "1");
      await sleep(Math.max(0.5, Math.min(wait, 10)) * 1000);
    }
    notice("Tệp vẫn đang được kiểm tra; xem lại kết quả sau trong danh sách các lần nộp.");
  }

  function upload(file, period, bearer) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/uploads?fileName=" + encodeURIComponent(file.name) + "&period=" + encodeURIComponent(period));
      xhr.setRequestHeader("Authorization", "Bearer " + bearer);
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { var pct = Math.round(e.loaded * 100 / e.total); $("progress").value = pct; $("progress-text").textContent = pct + "%"; }
      };
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send(file);
    });
  }

  async function send(event) {
    event.preventDefault();
    notice("");
    var file = $("file").files[0];
    var period = $("period").value;
    if (!file || !period) { notice("Chọn tháng báo cáo và tệp cần nộp."); return; }
    if (file.size > settings.maxUploadBytes) { notice("Tệp lớn hơn " + bytes(settings.maxUploadBytes) + ", không thể nộp."); return; }
    $("send").disabled = true;
    show("progress-box", true);
    $("progress").value = 0; $("progress-text").textContent = "0%"; $("progress-label").textContent = "Đang tải lên " + file.name + "…";
    try {
      var xhr = await upload(file, period, await token());
      if (xhr.status !== 202) {
        var detail; try { var p = JSON.parse(xhr.responseText); detail = p.detail || p.title; } catch (e) { detail = xhr.statusText; }
        notice((xhr.status === 413 ? "Tệp quá lớn. " : xhr.status === 403 ? "Tài khoản không được nộp báo cáo. " : "Không nộp được tệp. ") + (detail || ""));
        return;
      }
      $("progress-label").textContent = "Đã tải lên " + file.name + ".";
      $("progress").value = 100; $("progress-text").textContent = "100%";
      await loadHistory();
      await follow(xhr.getResponseHeader("Location"), file.name);
    } catch (e) {
      if (e && e.message === "network") { notice("Mất kết nối khi tải lên; kiểm tra mạng rồi thử lại."); }
    } finally {
      $("send").disabled = !$("file").files.length;
    }
  }

  async function loadHistory() {
    var period = $("period").value;
    if (!period) { return; }
    $("history-period").textContent = period.split("-").reverse().join("/");
    var response = await api("/api/uploads?period=" + encodeURIComponent(period));
    if (!response.ok) { notice("Không tải được danh sách các lần nộp: " + await problemText(response)); return; }
    var list = await response.json();
    $("agency").textContent = list.agencies.length ? "Thư mục nộp: " + list.agencies.join(", ") : "Tài khoản chưa được giao nộp báo cáo cho đơn vị nào";
    var body = $("uploads").tBodies[0];
    body.replaceChildren();
    list.uploads.forEach(function (u) {
      var tr = document.createElement("tr");
      cell(tr, u.fileName); cell(tr, time(u.uploadedAt)); cell(tr, STATUS_SHORT[u.status] || u.status);
      cell(tr, u.status === "Pending" ? "" : u.rowsAccepted + " / " + u.rowsRejected);
      var view = document.createElement("button");
      view.type = "button"; view.className = "link"; view.textContent = "Xem kết quả";
      view.setAttribute("aria-label", "Xem kết quả của " + u.fileName);
      view.addEventListener("click", function () { follow("/api/uploads/" + u.uploadId, u.fileName); $("report").scrollIntoView(); });
      cell(tr, "").appendChild(view);
      body.appendChild(tr);
    });
    labelCells($("uploads"));
    show("uploads", list.uploads.length > 0);
    show("history-empty", list.uploads.length === 0);
    show("history", true);
  }

  function renderTemplates() {
    var list = $("template-list");
    list.replaceChildren();
    settings.indicators.forEach(function (indicator) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/api/templates/" + encodeURIComponent(indicator.code) + ".xlsx?period=" + encodeURIComponent($("period").value);
      a.textContent = indicator.name + " (" + indicator.code + ")";
      a.addEventListener("click", async function (e) {
        e.preventDefault();
        var response = await api(a.getAttribute("href"));
        if (!response.ok) { notice("Không tải được biểu mẫu: " + await problemText(response)); return; }
        var url = URL.createObjectURL(await response.blob());
        var save = document.createElement("a");
        save.href = url; save.download = indicator.code + "-" + $("period").value + ".xlsx";
        document.body.appendChild(save); save.click(); save.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      });
      li.appendChild(a);
      list.appendChild(li);
    });
    show("templates", true);
  }

  function chooseFile(file) {
    $("file-name").textContent = file ? file.name + " (" + bytes(file.size) + ")" : "";
    $("send").disabled = !file;
  }

  function wire() {
    $("max-size").textContent = bytes(settings.maxUploadBytes);
    $("period").value = lastMonth();
    $("period").addEventListener("change", function () { renderTemplates(); loadHistory(); });
    $("file").addEventListener("change", function () { chooseFile($("file").files[0]); });
    var drop = $("drop");
    ["dragenter", "dragover"].forEach(function (type) { drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); }); });
    ["dragleave", "drop"].forEach(function (type) { drop.addEventListener(type, function () { drop.classList.remove("over"); }); });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer.files.length) { $("file").files = e.dataTransfer.files; chooseFile(e.dataTransfer.files[0]); }
    });
    $("upload-form").addEventListener("submit", send);
    $("sign-in-button").addEventListener("click", function () { msalApp.loginRedirect({ scopes: settings.scopes }); });
    $("sign-out").addEventListener("click", function () { msalApp.logoutRedirect({ account: account }); });
  }

  async function start() {
    wire();
    msalApp = new msal.PublicClientApplication({
      auth: {
        clientId: settings.clientId,
        authority: settings.authority,
        knownAuthorities: settings.knownAuthorities,
        authorityMetadata: settings.authorityMetadata || undefined,
        redirectUri: location.origin + "/",
        postLogoutRedirectUri: location.origin + "/"
      },
      cache: { cacheLocation: "sessionStorage" }
    });
    await msalApp.initialize();
    var result = await msalApp.handleRedirectPromise();
    account = (result && result.account) || msalApp.getAllAccounts()[0] || null;
    if (!account) { show("sign-in", true); return; }
    msalApp.setActiveAccount(account);
    $("who").textContent = account.name || account.username || "";
    show("account", true);
    show("upload", true);
    renderTemplates();
    await loadHistory();
  }

  start().catch(function (e) { notice("Không khởi động được trang: " + (e && (e.errorMessage || e.message) || e)); show("sign-in", true); });
})();
