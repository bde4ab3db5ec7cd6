// A "print" button for leaflets; without JavaScript the browser's own print works the same.
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".print-button");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
