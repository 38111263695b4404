/** The words for a phone number's kind: "Mobile" in the editor's menu, "mobile" beside a number. */
import type { PhoneNumberType } from '../../../../common/contact-types.js';
import type { MessageId } from '../../i18n/i18n.js';

const IDS: Readonly<Record<PhoneNumberType, { title: MessageId; lower: MessageId }>> = {
  mobile: { title: 'numberType.mobile', lower: 'numberType.mobileLower' },
  work: { title: 'numberType.work', lower: 'numberType.workLower' },
  home: { title: 'numberType.home', lower: 'numberType.homeLower' },
  other: { title: 'numberType.other', lower: 'numberType.otherLower' },
};

export function numberTypeId(type: PhoneNumberType, form: 'title' | 'lower'): MessageId {
  return IDS[type][form];
}
