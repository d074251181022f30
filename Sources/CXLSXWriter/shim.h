// libxlsxwriter: spreadsheets that Excel opens in any locale.
#include <xlsxwriter.h>
