// libqrencode: QR codes for the badges, which the desk's scanner reads.
#include <qrencode.h>
