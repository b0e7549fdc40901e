// The language switch on every page of the site's two books (id, en): a link to the
// same page in the other book. Both books have the same file layout, so the other
// page is this page's path with the language folder swapped; relative, so it works
// from file:// as from a web server.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "id";
  var other = lang === "id" ? "en" : "id";
  var path = window.location.pathname;
  var marker = "/" + lang + "/";
  var at = path.lastIndexOf(marker);
  if (at < 0) return;
  var rest = path.slice(at + marker.length);
  if (rest === "" || rest.charAt(rest.length - 1) === "/") rest += "index.html";
  var up = "../";
  for (var i = 0; i < rest.split("/").length - 1; i++) up += "../";
  var link = document.createElement("a");
  link.className = "lang-switch";
  link.id = "lang-switch";
  link.href = up + other + "/" + rest;
  link.hreflang = other;
  link.lang = other;
  link.textContent = other === "en" ? "English" : "Bahasa Indonesia";
  link.title = other === "en" ? "Read this page in English" : "Baca halaman ini dalam Bahasa Indonesia";
  var bar = document.querySelector("#mdbook-menu-bar .right-buttons, #menu-bar .right-buttons");
  if (bar) {
    bar.insertBefore(link, bar.firstChild);
  } else {
    document.body.insertBefore(link, document.body.firstChild);
  }
})();
