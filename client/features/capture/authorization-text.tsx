/**
 * The household economic-status verification authorization (家庭经济状况核对承诺授权书) as read to the
 * household before they sign. The union's printed form is the model; this is its substance in short.
 */
export function AuthorizationText() {
  return (
    <div className="authorization-text">
      <h4 className="authorization-text__title">家庭经济状况核对承诺授权书</h4>
      <p>
        本人及共同生活的家庭成员自愿申请困难职工帮扶，承诺所填报的家庭成员、收入、财产及致困原因等情况真实、完整。如有隐瞒、虚报，愿意退还所获帮扶资金，并承担相应责任。
      </p>
      <p>
        本人及家庭成员同意并授权工会帮扶工作机构，向民政、人力资源社会保障、住房城乡建设、不动产登记、公安车辆管理、市场监管、税务、住房公积金管理等部门和银行等金融机构，查询、核对本家庭成员的收入、财产、社会保险、住房、车辆、工商登记、纳税、公积金和存款等情况。
      </p>
      <p>核对所得信息仅用于困难职工帮扶的认定和管理，工会依法保护个人信息，不作他用。</p>
      <p className="muted">户主和每位成年家庭成员本人签名；未成年家庭成员由其监护人代为签名。</p>
    </div>
  );
}
