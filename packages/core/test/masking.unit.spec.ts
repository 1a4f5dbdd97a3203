import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskPersonName, maskPhone, normalizeMainlandPhone } from '../src/index.js';

describe('maskPersonName', () => {
  it('keeps the first and the last character of three or more, the first of two', () => {
    expect(maskPersonName('张小三')).toBe('张*三');
    expect(maskPersonName('欧阳娜娜')).toBe('欧**娜');
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('张')).toBe('*');
    expect(maskPersonName('  李四 ')).toBe('李*');
    expect(maskPersonName('')).toBe('');
  });

  it('counts rare characters outside the BMP as one character', () => {
    expect(maskPersonName('𠀋小明')).toBe('𠀋*明');
  });
});

describe('maskPhone', () => {
  it('shows a mobile number as its first 3 and last 4 digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138 1234 1234')).toBe('138****1234');
  });

  it('keeps a landline area code and the last 4 digits', () => {
    expect(maskPhone('0746-8221234')).toBe('0746-***1234');
    expect(maskPhone('01087654321')).toBe('010-****4321');
  });

  it('hides anything it does not recognise, keeping at most the last 4 of 8 or more', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('99887766554433')).toBe('**********4433');
    expect(maskPhone('')).toBe('');
  });
});

describe('maskIdNumber', () => {
  it('keeps province and city (first 4) and the last 4 of an 18- or 15-digit number', () => {
    expect(maskIdNumber('43110319900101123X')).toBe('4311**********123X');
    expect(maskIdNumber('43110319900101123x')).toBe('4311**********123X');
    expect(maskIdNumber('431103900101123')).toBe('4311*******1123');
  });

  it('hides a malformed number except at most its last 4', () => {
    expect(maskIdNumber('ABC')).toBe('***');
    expect(maskIdNumber('G12345678')).toBe('*****5678');
  });
});

describe('maskAddress', () => {
  it('keeps the address down to the township (街道、镇、乡、苏木) and hides the rest', () => {
    expect(maskAddress('湖南省永州市冷水滩区梧桐街道凤凰路12号')).toBe('湖南省永州市冷水滩区梧桐街道****');
    expect(maskAddress('湖南省湘西土家族苗族自治州花垣县边城镇茶峒村3组')).toBe('湖南省湘西土家族苗族自治州花垣县边城镇****');
    expect(maskAddress('河南省驻马店市上蔡县蔡都街道办事处健康路8号')).toBe('河南省驻马店市上蔡县蔡都街道办事处****');
    expect(maskAddress('内蒙古自治区锡林郭勒盟正蓝旗上都镇1号')).toBe('内蒙古自治区锡林郭勒盟正蓝旗上都镇****');
  });

  it('does not take a county whose name starts like a township (乡宁县) for the township', () => {
    expect(maskAddress('山西省临汾市乡宁县昌宁镇南大街1号')).toBe('山西省临汾市乡宁县昌宁镇****');
    expect(maskAddress('贵州省黔东南州镇远县舞阳镇兴隆街2号')).toBe('贵州省黔东南州镇远县舞阳镇****');
  });

  it('keeps the county when there is no township, and hides everything when there is neither', () => {
    expect(maskAddress('重庆市秀山土家族苗族自治县渝秀大道99号')).toBe('重庆市秀山土家族苗族自治县****');
    expect(maskAddress('凤凰路12号')).toBe('****');
    expect(maskAddress('湖南省永州市冷水滩区梧桐街道')).toBe('湖南省永州市冷水滩区梧桐街道');
    expect(maskAddress('')).toBe('');
  });
});

describe('normalizeMainlandPhone', () => {
  it('accepts mobile numbers with or without +86 and landlines with their area code', () => {
    expect(normalizeMainlandPhone('138 1234 1234')).toBe('13812341234');
    expect(normalizeMainlandPhone('+8613812341234')).toBe('13812341234');
    expect(normalizeMainlandPhone('0746-8221234')).toBe('0746-8221234');
    expect(normalizeMainlandPhone('074682212345')).toBe('0746-82212345');
    expect(normalizeMainlandPhone('010-87654321')).toBe('010-87654321');
  });

  it('refuses what cannot be a mainland number', () => {
    for (const bad of ['12345678901', '1381234123', '138123412345', '12345', '0746-0221234', 'abc', '', '+85291234567']) {
      expect(normalizeMainlandPhone(bad), bad).toBeUndefined();
    }
  });
});
