// The district filter of a language page: without JavaScript the districts are a list of
// anchors; with it, a choice that shows one district (or all) at once.
(function () {
  "use strict";
  var nav = document.querySelector(".district-filter");
  if (!nav) return;
  var sections = document.querySelectorAll(".language-district");
  var links = nav.querySelectorAll("a");
  var label = document.getElementById("district-filter-title");
  var select = document.createElement("select");
  select.id = "district-filter";
  var all = document.createElement("option");
  all.value = "";
  all.textContent = nav.getAttribute("data-all") || "–";
  select.appendChild(all);
  for (var i = 0; i < links.length; i++) {
    var option = document.createElement("option");
    option.value = links[i].getAttribute("href").slice(1);
    option.textContent = links[i].textContent;
    select.appendChild(option);
  }
  var field = document.createElement("label");
  field.setAttribute("for", "district-filter");
  field.textContent = label.textContent;
  label.hidden = true;
  nav.querySelector("ul").hidden = true;
  nav.appendChild(field);
  nav.appendChild(document.createTextNode(" "));
  nav.appendChild(select);
  select.addEventListener("change", function () {
    for (var n = 0; n < sections.length; n++) sections[n].hidden = select.value !== "" && sections[n].id !== select.value;
  });
})();
