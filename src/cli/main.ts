// Placeholder CLI entry until the scanner lands.
console.log('errcode');
