import{a,b}from"./chunk-6CEUAU5A.js";export{a as renderPDF,b as showForm};
