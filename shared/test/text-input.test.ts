import { describe, expect, it } from 'vitest';
import { ChatBodySchema } from '../src/chat/protocol';
import { textInput } from '../src/text-input';

describe('textInput (THE typed-text field: trimmed, NFC)', () => {
  it('stores NFC whatever encoding was typed', () => {
    expect(textInput(1, 50).parse(' Hoà Bình '.normalize('NFD'))).toBe('Hoà Bình');
    expect(ChatBodySchema.parse('Tôi bị ho khan'.normalize('NFD'))).toBe('Tôi bị ho khan');
  });

  it("keeps a field's own Vietnamese messages (#15 chat body: blank, too long)", () => {
    expect(ChatBodySchema.safeParse('   ').error?.issues[0]?.message).toBe('Tin nhắn không được để trống.');
    expect(ChatBodySchema.safeParse('a'.repeat(2001)).error?.issues[0]?.message).toBe('Tin nhắn dài tối đa 2000 ký tự.');
  });
});
