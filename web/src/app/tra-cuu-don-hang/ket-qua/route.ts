/** The lookup form's target: normalises the code and sends the shopper to the order page (the API checks the phone). */
export function GET(req: Request): Response {
  const url = new URL(req.url);
  const code = (url.searchParams.get('code') ?? '').trim().toUpperCase();
  const phone = (url.searchParams.get('phone') ?? '').trim();
  const to = /^MC[0-9A-Z]{8}$/.test(code) && phone ? `/don-hang/${code}?phone=${encodeURIComponent(phone)}` : '/tra-cuu-don-hang';
  return Response.redirect(new URL(to, url), 303);
}
