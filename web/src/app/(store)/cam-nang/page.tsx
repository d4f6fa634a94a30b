import type { Metadata } from 'next';
import { ArticleList } from '../../../components/ArticleList';
import { serverApi } from '../../../lib/api';

export const metadata: Metadata = { title: 'Cẩm nang sức khỏe', description: 'Kiến thức dùng thuốc an toàn và chăm sóc sức khỏe gia đình từ dược sĩ Medicare.' };

export default async function ArticlesPage() {
  const res = await (await serverApi()).v1.articles.$get({ query: { limit: '50' } });
  const items = res.ok ? (await res.json()).items : [];
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">Cẩm nang sức khỏe</h1>
      <ArticleList items={items} />
    </div>
  );
}
