import{a,b}from"./chunk-FQ6LVWRZ.js";export{a as renderPDF,b as showForm};
