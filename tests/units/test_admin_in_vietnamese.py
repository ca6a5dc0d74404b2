def test_admin_speaks_plain_vietnamese(client, administrator):
    client.force_login(administrator)
    index = client.get("/admin/").content.decode()
    assert "Site quản trị" not in index
    assert "Quản trị hệ thống" in index
    changelist = client.get("/admin/units/unit/").content.decode()
    assert "Show counts" not in changelist
    assert "Hiện số lượng" in changelist
