// A printed page is a controlled copy: in the margins of every sheet it carries what the page
// is (a policy's id, version and effective date, or a role page's title and date), its
// address, and the day it was printed, with a reminder to check the handbook for the current
// version. The text comes from the page's hidden `.pb-stamp`; the day is the reader's own.
(function () {
  function quoted(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\s+/g, " ") + '"';
  }
  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  function stamp() {
    var source = document.querySelector(".pb-stamp");
    if (!source) return;
    var style = document.getElementById("pb-print-stamp");
    if (!style) {
      style = document.createElement("style");
      style.id = "pb-print-stamp";
      document.head.appendChild(style);
    }
    var address = location.href.split("#")[0];
    style.textContent =
      "@page {" +
      " @top-left { content: " + quoted(source.textContent) + "; }" +
      " @top-right { content: " + quoted("Printed on " + today() + " \u2014 check the handbook for the current version") + "; }" +
      " @bottom-left { content: " + quoted(address) + "; }" +
      " }";
  }
  stamp();
  window.addEventListener("beforeprint", stamp);
})();
