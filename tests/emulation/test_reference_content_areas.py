from emulation.models import ContentArea, Movement


def test_plan_168_movement_has_the_four_content_areas_of_section_iii(plan):
    movement = Movement.objects.get(plan=plan)
    assert movement.name == "Kiên Giang chung sức xây dựng nông thôn mới"
    areas = list(ContentArea.objects.filter(movement=movement).values_list("number", "title"))
    assert [number for number, _title in areas] == [1, 2, 3, 4]
    assert areas[0][1].startswith("Thi đua phát triển kinh tế")
    assert areas[3][1].startswith("Thi đua xây dựng thực hiện nếp sống văn minh")
