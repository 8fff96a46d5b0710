/** The parts of the visit form in order, for the navigation beside (landscape) or above (portrait) it. */
export const FORM_SECTIONS = [
  { id: 'section-head', label: '户主信息' },
  { id: 'section-members', label: '家庭成员' },
  { id: 'section-housing', label: '住房情况' },
  { id: 'section-work', label: '就业与单位' },
  { id: 'section-health', label: '健康与残疾' },
  { id: 'section-income', label: '收入与支出' },
  { id: 'section-causes', label: '致困原因' },
  { id: 'section-bank', label: '银行卡' },
  { id: 'section-visit', label: '走访与初审' },
  { id: 'section-checklist', label: '材料清单' },
  { id: 'section-authorization', label: '授权书签名' },
  { id: 'section-gps', label: 'GPS 位置' },
  { id: 'section-category', label: '建议类别' },
  { id: 'section-finalise', label: '完成走访' },
] as const;

/** Scrolls to a part of the form and puts the cursor in its first field, if it has one. */
export function goToAnchor(anchor: string): void {
  const element = document.getElementById(anchor);
  if (!element) return;
  element.scrollIntoView({ block: 'start', behavior: 'smooth' });
  const focusable = element.matches('input, select, textarea, button')
    ? element
    : element.querySelector<HTMLElement>('input, select, textarea, button');
  focusable?.focus({ preventScroll: true });
}

export function SectionNav({
  sections = FORM_SECTIONS,
}: {
  sections?: readonly { id: string; label: string }[];
}) {
  return (
    <nav className="vf-nav" aria-label="表单目录">
      {sections.map((section) => (
        <a
          key={section.id}
          href={`#${section.id}`}
          className="vf-nav__link"
          onClick={(event) => {
            event.preventDefault();
            const element = document.getElementById(section.id);
            element?.scrollIntoView({ block: 'start', behavior: 'smooth' });
          }}
        >
          {section.label}
        </a>
      ))}
    </nav>
  );
}
