"""Leadership's reports: the page, the worded document, PDF, XLSX and the monthly mailing."""
