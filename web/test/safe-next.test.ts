import { describe, expect, it } from 'vitest';
import { safeNextPath, signInHref } from '../src/lib/safe-next';

describe('safeNextPath: only same-origin paths are followed after sign-in (#12 item 10)', () => {
  it.each([
    ['/\\evil.example', 'a backslash the browser reads as //'],
    ['/\\/evil.example', 'backslash then slash'],
    ['/\t/evil.example', 'a tab the URL parser strips'],
    ['/\n/evil.example', 'a newline the URL parser strips'],
    ['/\r\n/evil.example', 'CR LF'],
    ['//evil.example', 'protocol-relative'],
    ['//evil.example/tai-khoan', 'protocol-relative with a path'],
    ['/a/..//evil.example', 'dot segments collapsing into //'],
    ['/./\\evil.example', 'a dot segment before a backslash'],
    ['https://evil.example/', 'absolute URL'],
    ['javascript:alert(1)', 'javascript: URL'],
    ['evil.example', 'not a path'],
    [' /tai-khoan', 'leading space'],
    ['', 'empty'],
  ])('refuses %j (%s)', (raw) => {
    expect(safeNextPath(raw)).toBe('/');
  });

  it('refuses null and undefined, with the fallback given', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath(undefined, '/tai-khoan')).toBe('/tai-khoan');
    expect(safeNextPath('/\\evil.example', '/thanh-toan')).toBe('/thanh-toan');
  });

  it.each([
    ['/', '/'],
    ['/thanh-toan', '/thanh-toan'],
    ['/tai-khoan', '/tai-khoan'],
    ['/tim-kiem?q=thuoc%20ho&brand=panadol', '/tim-kiem?q=thuoc%20ho&brand=panadol'],
    ['/san-pham/x#mo-ta', '/san-pham/x#mo-ta'],
    ['/danh-muc/thuoc/../cham-soc', '/danh-muc/cham-soc'],
  ])('keeps the same-origin path %j', (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it('builds sign-in links that carry only a safe path', () => {
    expect(signInHref('/thanh-toan')).toBe('/dang-nhap?next=%2Fthanh-toan');
    expect(signInHref('/\\evil.example', '/dang-ky')).toBe('/dang-ky?next=%2F');
  });
});
